package io.steward.provision;

import io.steward.ConfigException;
import java.util.Locale;

/**
 * What the data is for, which decides the eviction policy: a cache may lose keys under memory
 * pressure, a store (locks, sessions, one-time codes) must not.
 */
public enum DataRole {
    CACHE("allkeys-lru"),
    STORE("noeviction");

    private final String maxmemoryPolicy;

    DataRole(String maxmemoryPolicy) {
        this.maxmemoryPolicy = maxmemoryPolicy;
    }

    public String maxmemoryPolicy() {
        return maxmemoryPolicy;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws ConfigException naming {@code field} and the allowed values */
    public static DataRole parse(String text, String field) {
        return EnumIds.parse(values(), DataRole::id, text, field, "role");
    }
}

package io.steward.provision;

import io.steward.ConfigException;
import java.time.Duration;
import java.util.Locale;

/**
 * Defaults that differ between a laptop and production: failure detection speed and memory.
 */
public enum Profile {
    DEVELOPMENT(Duration.ofMillis(1500), 256L << 20),
    PRODUCTION(Duration.ofMillis(5000), 1L << 30);

    private final Duration downAfter;
    private final long maxmemoryBytes;

    Profile(Duration downAfter, long maxmemoryBytes) {
        this.downAfter = downAfter;
        this.maxmemoryBytes = maxmemoryBytes;
    }

    /** Sentinel {@code down-after-milliseconds} and Cluster {@code cluster-node-timeout}. */
    public Duration downAfter() {
        return downAfter;
    }

    /** Default {@code maxmemory} of each data node. */
    public long maxmemoryBytes() {
        return maxmemoryBytes;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code development} or {@code production}, ignoring case.
     *
     * @throws ConfigException naming {@code field} and the allowed values
     */
    public static Profile parse(String text, String field) {
        return EnumIds.parse(values(), Profile::id, text, field, "profile");
    }
}

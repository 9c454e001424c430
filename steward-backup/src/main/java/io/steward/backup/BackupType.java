package io.steward.backup;

import io.steward.ConfigException;
import java.util.Locale;

/** What a backup holds. */
public enum BackupType {
    /** The dataset as an RDB snapshot from each shard. */
    RDB,
    /** The RDB snapshot plus, for local nodes, the AOF directory, redis.conf and the ACL file. */
    FULL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws ConfigException naming {@code field} and the allowed values */
    public static BackupType parse(String text, String field) {
        for (BackupType type : values()) {
            if (type.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return type;
            }
        }
        throw new ConfigException(field, "unknown backup type '" + text + "'; allowed: rdb, full");
    }
}

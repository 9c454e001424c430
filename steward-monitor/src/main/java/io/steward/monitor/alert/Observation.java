package io.steward.monitor.alert;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one evaluation round saw of one target (a node or Sentinel as {@code host:port}, or a
 * deployment by name): named values such as {@link #UP} or {@link #MEMORY_RATIO}. A value the round
 * could not see is absent, not defaulted; rules that need it leave their alert for the target as it is.
 * Build with {@link #builder(String)}.
 *
 * @param target the target's stable name; alerts are kept per rule and target
 * @param values named values, each a {@link Number}, {@link Boolean}, {@link String} or {@link Duration}
 */
public record Observation(String target, Map<String, Object> values) {

    /** Whether the target answered; {@code false} means down. */
    public static final String UP = "up";
    /** {@code used_memory / maxmemory}, a fraction. */
    public static final String MEMORY_RATIO = "memoryRatio";
    /** A replica's {@code master_link_status} is {@code up}; absent on masters. */
    public static final String MASTER_LINK_UP = "masterLinkUp";
    /** {@code aof_last_write_status} is {@code ok}; absent when AOF is off. */
    public static final String AOF_LAST_WRITE_OK = "aofLastWriteOk";
    /** {@code rdb_last_bgsave_status} is {@code ok}. */
    public static final String RDB_LAST_BGSAVE_OK = "rdbLastBgsaveOk";
    /** {@code connected_clients}. */
    public static final String CONNECTED_CLIENTS = "connectedClients";
    /** Slowlog entries added since the previous round. */
    public static final String NEW_SLOWLOG_ENTRIES = "newSlowlogEntries";
    /** Time since the last successful backup of a deployment. */
    public static final String LAST_BACKUP_AGE = "lastBackupAge";
    /** {@code keyspace_hits / (keyspace_hits + keyspace_misses)}, a fraction. */
    public static final String HIT_RATIO = "hitRatio";
    /** {@code keyspace_hits + keyspace_misses} the {@link #HIT_RATIO} rests on. */
    public static final String LOOKUPS = "lookups";
    /** {@code mem_fragmentation_ratio}. */
    public static final String FRAGMENTATION_RATIO = "fragmentationRatio";
    /** {@code used_memory} in bytes. */
    public static final String USED_MEMORY = "usedMemory";
    /** {@code evicted_keys} added since the previous round. */
    public static final String EVICTED_KEYS_DELTA = "evictedKeysDelta";
    /** Replication role: {@code master} or {@code replica}. */
    public static final String ROLE = "role";
    /** What the data is: {@link #DATA_ROLE_STORE} (must not be evicted) or {@code cache}. */
    public static final String DATA_ROLE = "dataRole";
    /** The {@link #DATA_ROLE} of a node whose keys are the system of record. */
    public static final String DATA_ROLE_STORE = "store";
    /** A failover happened since the previous round. */
    public static final String FAILOVER_HAPPENED = "failoverHappened";
    /** The last failover in words: {@code to NEW (was OLD)}, or which slots moved in a cluster. */
    public static final String FAILOVER_SWITCH = "failoverSwitch";
    /** {@code SENTINEL CKQUORUM} succeeded. */
    public static final String SENTINEL_QUORUM_OK = "sentinelQuorumOk";
    /** The Sentinel is in TILT mode. */
    public static final String SENTINEL_TILT = "sentinelTilt";
    /** {@code cluster_state} is {@code ok}. */
    public static final String CLUSTER_STATE_OK = "clusterStateOk";
    /** Time until the target's TLS certificate expires; negative once expired. */
    public static final String CERTIFICATE_EXPIRES_IN = "certificateExpiresIn";

    /**
     * @throws NullPointerException     if the target, a key or a value is null
     * @throws IllegalArgumentException if a value is not a number, boolean, string or duration
     */
    public Observation {
        Objects.requireNonNull(target, "target");
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            Objects.requireNonNull(key, "value key");
            Objects.requireNonNull(value, () -> "value of " + key);
            if (!(value instanceof Number
                    || value instanceof Boolean
                    || value instanceof String
                    || value instanceof Duration)) {
                throw new IllegalArgumentException(
                        "value of " + key + " must be a number, boolean, string or duration, was "
                                + value.getClass().getName());
            }
            copy.put(key, value);
        });
        values = Collections.unmodifiableMap(copy);
    }

    /** A builder for an observation of {@code target} with no values yet. */
    public static Builder builder(String target) {
        return new Builder(target);
    }

    /**
     * The key under which an observation names the occurrence of an event-like rule's condition (such as
     * the number of a failover): a firing alert of {@code rule} fires again, as a new alert, when a round
     * names another occurrence, so that each event notifies once even while the previous one still fires.
     */
    public static String occurrenceKey(String rule) {
        return rule + ".occurrence";
    }

    /** Whether the round saw {@code key}. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * The numeric value of {@code key}.
     *
     * @throws IllegalStateException if absent or not a number
     */
    public double number(String key) {
        return typed(key, Number.class).doubleValue();
    }

    /** The boolean value of {@code key}; {@link IllegalStateException} if absent or not a boolean. */
    public boolean flag(String key) {
        return typed(key, Boolean.class);
    }

    /** The duration value of {@code key}; {@link IllegalStateException} if absent or not a duration. */
    public Duration duration(String key) {
        return typed(key, Duration.class);
    }

    /** The string value of {@code key}; {@link IllegalStateException} if absent or not a string. */
    public String text(String key) {
        return typed(key, String.class);
    }

    private <T> T typed(String key, Class<T> type) {
        Object value = values.get(key);
        if (!type.isInstance(value)) {
            throw new IllegalStateException(
                    target + ": " + key + " is " + (value == null ? "absent" : "not a " + type.getSimpleName()));
        }
        return type.cast(value);
    }

    /** Collects values; setting a key twice keeps the last value. Not thread-safe. */
    public static final class Builder {
        private final String target;
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder(String target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /** Any named value, for inputs of custom rules. */
        public Builder value(String key, Object value) {
            values.put(key, value);
            return this;
        }

        public Builder up(boolean up) {
            return value(UP, up);
        }

        public Builder memoryRatio(double ratio) {
            return value(MEMORY_RATIO, ratio);
        }

        public Builder masterLinkUp(boolean linkUp) {
            return value(MASTER_LINK_UP, linkUp);
        }

        public Builder aofLastWriteOk(boolean ok) {
            return value(AOF_LAST_WRITE_OK, ok);
        }

        public Builder rdbLastBgsaveOk(boolean ok) {
            return value(RDB_LAST_BGSAVE_OK, ok);
        }

        public Builder connectedClients(long clients) {
            return value(CONNECTED_CLIENTS, clients);
        }

        public Builder newSlowlogEntries(long entries) {
            return value(NEW_SLOWLOG_ENTRIES, entries);
        }

        public Builder lastBackupAge(Duration age) {
            return value(LAST_BACKUP_AGE, age);
        }

        public Builder hitRatio(double ratio, long lookups) {
            return value(HIT_RATIO, ratio).value(LOOKUPS, lookups);
        }

        public Builder fragmentation(double ratio, long usedMemory) {
            return value(FRAGMENTATION_RATIO, ratio).value(USED_MEMORY, usedMemory);
        }

        public Builder evictedKeysDelta(long evicted) {
            return value(EVICTED_KEYS_DELTA, evicted);
        }

        public Builder role(String role) {
            return value(ROLE, role);
        }

        public Builder dataRole(String dataRole) {
            return value(DATA_ROLE, dataRole);
        }

        /** Whether a failover happened; without {@link #failoverSwitch} the alert does not say which. */
        public Builder failoverHappened(boolean happened) {
            values.putIfAbsent(FAILOVER_SWITCH, ""); // the summary then ends at "failed over"
            return value(FAILOVER_HAPPENED, happened);
        }

        /**
         * Which failover happened: its number (each new number fires the failover alert again) and its
         * description for the alert's summary.
         */
        public Builder failoverSwitch(long number, String detail) {
            value(occurrenceKey(AlertRules.FAILOVER_HAPPENED), number);
            return value(FAILOVER_SWITCH, " " + detail);
        }

        public Builder sentinelQuorumOk(boolean ok) {
            return value(SENTINEL_QUORUM_OK, ok);
        }

        public Builder sentinelTilt(boolean tilt) {
            return value(SENTINEL_TILT, tilt);
        }

        public Builder clusterStateOk(boolean ok) {
            return value(CLUSTER_STATE_OK, ok);
        }

        public Builder certificateExpiresIn(Duration expiresIn) {
            return value(CERTIFICATE_EXPIRES_IN, expiresIn);
        }

        public Observation build() {
            return new Observation(target, values);
        }
    }
}

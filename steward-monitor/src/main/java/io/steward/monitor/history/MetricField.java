package io.steward.monitor.history;

import java.util.List;

/**
 * The names of the fields {@link InfoSampler} puts in a {@link NodeSample}. Where Redis has a field of
 * the same meaning the name is the {@code INFO} field name; derived values have names of their own.
 * Samples may carry other fields too: the store accepts any name.
 */
public final class MetricField {

    /** Bytes allocated by Redis ({@code used_memory}). */
    public static final String USED_MEMORY = "used_memory";
    /** The {@code maxmemory} limit in bytes; 0 means no limit. */
    public static final String MAXMEMORY = "maxmemory";
    /** Resident memory divided by used memory. */
    public static final String MEM_FRAGMENTATION_RATIO = "mem_fragmentation_ratio";

    public static final String CONNECTED_CLIENTS = "connected_clients";
    /** Commands per second as Redis estimates it over its last samples. */
    public static final String OPS_PER_SEC = "instantaneous_ops_per_sec";
    /** Counter since startup. */
    public static final String KEYSPACE_HITS = "keyspace_hits";
    /** Counter since startup. */
    public static final String KEYSPACE_MISSES = "keyspace_misses";
    /** Counter since startup. */
    public static final String EVICTED_KEYS = "evicted_keys";
    /** Counter since startup. */
    public static final String EXPIRED_KEYS = "expired_keys";
    /** Counter since startup. */
    public static final String NET_INPUT_BYTES = "total_net_input_bytes";
    /** Counter since startup. */
    public static final String NET_OUTPUT_BYTES = "total_net_output_bytes";
    /** The node's replication offset ({@code master_repl_offset}, also reported by replicas). */
    public static final String REPL_OFFSET = "master_repl_offset";
    /**
     * Replication lag in seconds: on a master the largest {@code lag} of its replicas, on a replica
     * {@code master_last_io_seconds_ago}.
     */
    public static final String REPL_LAG_SECONDS = "repl_lag_seconds";
    /** On a master, the largest difference between its offset and a replica's offset. */
    public static final String REPL_LAG_BYTES = "repl_lag_bytes";
    /** 1 when the last RDB save succeeded, 0 when it failed. */
    public static final String RDB_LAST_BGSAVE_OK = "rdb_last_bgsave_ok";

    public static final String RDB_CHANGES_SINCE_LAST_SAVE = "rdb_changes_since_last_save";
    /** 1 when AOF is on, 0 when off. */
    public static final String AOF_ENABLED = "aof_enabled";
    /** 1 when the last AOF write succeeded, 0 when it failed. */
    public static final String AOF_LAST_WRITE_OK = "aof_last_write_ok";
    /** CPU seconds in the kernel since startup. */
    public static final String USED_CPU_SYS = "used_cpu_sys";
    /** CPU seconds in user space since startup. */
    public static final String USED_CPU_USER = "used_cpu_user";
    /** Keys summed over all databases. */
    public static final String KEYS = "keys";
    /** Seconds since startup; a drop means the node restarted. */
    public static final String UPTIME_SECONDS = "uptime_in_seconds";
    /**
     * Milliseconds the node took to answer the daemon's pipelined collection commands: measured by the
     * collector, not read from INFO, so {@code InfoSampler} never sets it.
     */
    public static final String ROUND_TRIP_MILLIS = "round_trip_ms";
    /** 1 when the node's {@code role} is {@code master}, 0 for a replica. */
    public static final String ROLE_MASTER = "role_master";

    /** Every name above. */
    public static final List<String> ALL = List.of(
            USED_MEMORY,
            MAXMEMORY,
            MEM_FRAGMENTATION_RATIO,
            CONNECTED_CLIENTS,
            OPS_PER_SEC,
            KEYSPACE_HITS,
            KEYSPACE_MISSES,
            EVICTED_KEYS,
            EXPIRED_KEYS,
            NET_INPUT_BYTES,
            NET_OUTPUT_BYTES,
            REPL_OFFSET,
            REPL_LAG_SECONDS,
            REPL_LAG_BYTES,
            RDB_LAST_BGSAVE_OK,
            RDB_CHANGES_SINCE_LAST_SAVE,
            AOF_ENABLED,
            AOF_LAST_WRITE_OK,
            USED_CPU_SYS,
            USED_CPU_USER,
            KEYS,
            UPTIME_SECONDS,
            ROLE_MASTER,
            ROUND_TRIP_MILLIS);

    private MetricField() {}
}

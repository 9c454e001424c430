package io.steward.monitor.history;

import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.KeyspaceInfo;
import io.steward.ops.info.ReplicaInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Turns an {@code INFO} reply into the {@link MetricField} values of a {@link NodeSample}. */
public final class InfoSampler {

    private InfoSampler() {}

    /** A sample of {@code node} at {@code at} holding {@link #fields(InfoSnapshot)}. */
    public static NodeSample sample(String node, Instant at, InfoSnapshot info) {
        return new NodeSample(node, at, fields(info));
    }

    /**
     * The {@link MetricField} values present in {@code info}. Fields the reply lacks (a section not
     * requested, Sentinel, an older server) are left out rather than stored as zero.
     */
    public static Map<String, Double> fields(InfoSnapshot info) {
        Map<String, Double> fields = new LinkedHashMap<>();
        put(fields, MetricField.USED_MEMORY, info.usedMemory());
        put(fields, MetricField.MAXMEMORY, info.maxMemory());
        put(fields, MetricField.MEM_FRAGMENTATION_RATIO, info.memFragmentationRatio());
        put(fields, MetricField.CONNECTED_CLIENTS, info.connectedClients());
        put(fields, MetricField.OPS_PER_SEC, info.getLong("stats", "instantaneous_ops_per_sec"));
        put(fields, MetricField.KEYSPACE_HITS, info.keyspaceHits());
        put(fields, MetricField.KEYSPACE_MISSES, info.keyspaceMisses());
        put(fields, MetricField.EVICTED_KEYS, info.evictedKeys());
        put(fields, MetricField.EXPIRED_KEYS, info.getLong("stats", "expired_keys"));
        put(fields, MetricField.NET_INPUT_BYTES, info.getLong("stats", "total_net_input_bytes"));
        put(fields, MetricField.NET_OUTPUT_BYTES, info.getLong("stats", "total_net_output_bytes"));
        put(fields, MetricField.REPL_OFFSET, info.masterReplOffset());
        putReplicationLag(fields, info);
        info.rdbLastBgsaveStatus().ifPresent(s -> fields.put(MetricField.RDB_LAST_BGSAVE_OK, ok(s)));
        put(fields, MetricField.RDB_CHANGES_SINCE_LAST_SAVE, info.rdbChangesSinceLastSave());
        info.aofEnabled().ifPresent(on -> fields.put(MetricField.AOF_ENABLED, on ? 1.0 : 0.0));
        info.aofLastWriteStatus().ifPresent(s -> fields.put(MetricField.AOF_LAST_WRITE_OK, ok(s)));
        put(fields, MetricField.USED_CPU_SYS, info.getDouble("cpu", "used_cpu_sys"));
        put(fields, MetricField.USED_CPU_USER, info.getDouble("cpu", "used_cpu_user"));
        if (info.sections().contains("keyspace")) {
            long keys = info.keyspace().stream().mapToLong(KeyspaceInfo::keys).sum();
            fields.put(MetricField.KEYS, (double) keys);
        }
        put(fields, MetricField.UPTIME_SECONDS, info.uptimeSeconds());
        info.role().ifPresent(role -> fields.put(MetricField.ROLE_MASTER, "master".equals(role) ? 1.0 : 0.0));
        return fields;
    }

    private static void putReplicationLag(Map<String, Double> fields, InfoSnapshot info) {
        if (info.isMaster()) {
            List<ReplicaInfo> replicas = info.replicas();
            if (replicas.isEmpty()) {
                return;
            }
            long lagSeconds =
                    replicas.stream().mapToLong(ReplicaInfo::lag).max().orElse(0);
            fields.put(MetricField.REPL_LAG_SECONDS, (double) lagSeconds);
            OptionalLong offset = info.masterReplOffset();
            if (offset.isPresent()) {
                long behind = replicas.stream()
                        .mapToLong(r -> Math.max(0, offset.getAsLong() - r.offset()))
                        .max()
                        .orElse(0);
                fields.put(MetricField.REPL_LAG_BYTES, (double) behind);
            }
        } else {
            put(fields, MetricField.REPL_LAG_SECONDS, info.masterLastIoSecondsAgo());
        }
    }

    private static double ok(String status) {
        return "ok".equals(status) ? 1.0 : 0.0;
    }

    private static void put(Map<String, Double> fields, String name, OptionalLong value) {
        value.ifPresent(v -> fields.put(name, (double) v));
    }

    private static void put(Map<String, Double> fields, String name, OptionalDouble value) {
        value.ifPresent(v -> {
            if (Double.isFinite(v)) {
                fields.put(name, v);
            }
        });
    }
}

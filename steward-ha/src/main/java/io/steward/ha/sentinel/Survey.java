package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.ReplicaInfo;
import io.steward.ops.info.SentinelVotes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One reading of a Sentinel deployment: every Sentinel, and the master a strict majority of them names.
 *
 * @param at                 when it was read
 * @param masterName         the monitored master's name
 * @param sentinels          per configured Sentinel, in configuration order
 * @param master             the master more than half of the configured Sentinels name, or {@code null}
 * @param masterInfo         the master's {@code INFO}, or {@code null} when it could not be read
 * @param masterError        why it could not be read, or {@code null}
 * @param minReplicasToWrite the master's {@code min-replicas-to-write}; -1 when unknown
 * @param writeBytesPerSec   the replication stream's rate measured on the master; -1 when not measured
 */
record Survey(
        Instant at,
        String masterName,
        List<SentinelSnapshot> sentinels,
        HostAndPort master,
        InfoSnapshot masterInfo,
        String masterError,
        long minReplicasToWrite,
        double writeBytesPerSec) {

    Survey {
        Objects.requireNonNull(at, "at");
        sentinels = List.copyOf(sentinels);
    }

    List<SentinelSnapshot> monitoring() {
        return sentinels.stream().filter(SentinelSnapshot::isMonitoring).toList();
    }

    /** The reading of the configured Sentinel {@code endpoint}. */
    SentinelSnapshot sentinel(HostAndPort endpoint) {
        return sentinels.stream()
                .filter(s -> s.endpoint().equals(endpoint))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(endpoint + " is not a configured Sentinel"));
    }

    /**
     * The master address more than half of {@code sentinels} (every configured one, reachable or not) name, or
     * {@code null} when none has that majority: the rule of {@link SentinelVotes}, shared with health checks.
     */
    static HostAndPort majorityMaster(List<SentinelSnapshot> sentinels) {
        return SentinelVotes.majority(sentinels, s -> s.isMonitoring() ? s.masterAddress() : null);
    }

    /** The listening replicas the master's INFO lists, by {@code ip:port}; empty when it could not be read. */
    Map<String, ReplicaInfo> masterReplicas() {
        if (masterInfo == null) {
            return Map.of();
        }
        return masterInfo.replicas().stream()
                .collect(Collectors.toMap(
                        r -> r.ip() + ":" + r.port(), r -> r, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    /** How many Sentinels the monitoring Sentinels know of, counting themselves: the largest count any gives. */
    int knownSentinels() {
        return monitoring().stream()
                .mapToInt(s -> s.sentinels().size() + 1)
                .max()
                .orElse(0);
    }
}

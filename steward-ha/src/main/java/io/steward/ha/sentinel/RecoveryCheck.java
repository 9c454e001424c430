package io.steward.ha.sentinel;

import io.steward.ops.info.ReplicaInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one Sentinel must list again after {@code SENTINEL RESET} before the next one is reset: the real replicas
 * and the peers it listed itself before the reset. Both are compared in the form the Sentinels announce them
 * ({@code ip:port}, and a peer's run id), never as {@code topology.sentinels} spells them: a configuration may
 * name Sentinels by host name or IPv6 address, and Sentinels list each other by announced IP. Pure.
 *
 * @param replicas the real replicas' {@code ip:port}, as the master's INFO lists them
 * @param peers    the other Sentinels the reset one listed before, up at the time
 */
record RecoveryCheck(Set<String> replicas, List<Peer> peers) {

    /**
     * A Sentinel as another lists it in {@code SENTINEL SENTINELS}.
     *
     * @param runId   its run id, or empty when the entry had none
     * @param address its announced {@code ip:port}
     */
    record Peer(String runId, String address) {}

    RecoveryCheck {
        replicas = Set.copyOf(replicas);
        peers = List.copyOf(peers);
    }

    /**
     * What {@code target} must list again: {@code realReplicas}, and the peers it listed that it did not see down (a
     * peer down before the reset cannot announce itself after it).
     */
    static RecoveryCheck of(SentinelSnapshot target, Set<String> realReplicas) {
        List<Peer> peers = new ArrayList<>();
        for (Map<String, String> entry : target.sentinels()) {
            if (!StatusRules.isDown(entry)) {
                peers.add(new Peer(entry.getOrDefault("runid", ""), SentinelSnapshot.address(entry)));
            }
        }
        return new RecoveryCheck(realReplicas, peers);
    }

    /** What {@code now} still lacks, such as {@code replica 10.0.0.2:6380 Sentinel 10.0.0.3:26379}; empty when none. */
    String missing(SentinelSnapshot now) {
        Set<String> listed = now.replicas().stream()
                .filter(ReplicaInfo::isListening)
                .map(SentinelSnapshot::address)
                .collect(Collectors.toSet());
        Set<String> absentReplicas = new LinkedHashSet<>(replicas);
        absentReplicas.removeAll(listed);
        Set<String> runIds = now.sentinels().stream()
                .map(e -> e.getOrDefault("runid", ""))
                .filter(id -> !id.isEmpty())
                .collect(Collectors.toSet());
        Set<String> addresses =
                now.sentinels().stream().map(SentinelSnapshot::address).collect(Collectors.toSet());
        List<String> absentPeers = peers.stream()
                .filter(p -> !(runIds.contains(p.runId()) || addresses.contains(p.address())))
                .map(Peer::address)
                .toList();
        StringBuilder missing = new StringBuilder();
        if (!absentReplicas.isEmpty()) {
            missing.append("replica ").append(String.join(", ", absentReplicas));
        }
        if (!absentPeers.isEmpty()) {
            missing.append(missing.isEmpty() ? "" : "; ").append("Sentinel ").append(String.join(", ", absentPeers));
        }
        return missing.toString();
    }
}

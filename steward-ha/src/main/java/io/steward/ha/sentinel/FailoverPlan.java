package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SentinelAdmin#failover(java.time.Duration)} would do now, from {@link SentinelAdmin#planFailover()}.
 *
 * @param master      the master a strict majority of the configured Sentinels names: the one to fail over from
 * @param askOrder    the Sentinels naming it, in configuration order: the first is sent {@code SENTINEL FAILOVER},
 *                    the next ones only if an earlier one cannot be reached or refuses
 * @param candidates  the replicas connected to the master, one of which Sentinel promotes (it picks by priority,
 *                    then replication offset)
 * @param sentinels   how many Sentinels are configured
 */
public record FailoverPlan(
        HostAndPort master, List<HostAndPort> askOrder, List<ReplicaView> candidates, int sentinels) {

    public FailoverPlan {
        Objects.requireNonNull(master, "master");
        askOrder = List.copyOf(askOrder);
        candidates = List.copyOf(candidates);
    }

    /** Whether every configured Sentinel answered and names {@link #master()}, not only a majority. */
    public boolean everySentinelAgrees() {
        return askOrder.size() == sentinels;
    }
}

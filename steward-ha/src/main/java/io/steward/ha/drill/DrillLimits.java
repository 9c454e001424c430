package io.steward.ha.drill;

/**
 * The deployment's own timeouts and the limits a run is judged against (docs/operations.md,
 * "Failover drills", says why each margin is what it is).
 *
 * @param detectMillis          Sentinel's {@code down-after-milliseconds}, or Cluster's {@code cluster-node-timeout}
 * @param failoverTimeoutMillis Sentinel's {@code failover-timeout}; {@code null} for Cluster, which has none
 * @param switchPassMillis      a switch within this passes
 * @param switchWarnMillis      a switch within this warns; later (or none) fails
 * @param gapMarginMillis       a write gap within the switch time plus this passes
 * @param runDeadlineMillis     a run stops waiting for the switch this long after the fault
 */
public record DrillLimits(
        long detectMillis,
        Long failoverTimeoutMillis,
        long switchPassMillis,
        long switchWarnMillis,
        long gapMarginMillis,
        long runDeadlineMillis) {}

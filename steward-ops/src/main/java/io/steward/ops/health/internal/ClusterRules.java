package io.steward.ops.health.internal;

import static io.steward.ops.health.Severity.CRITICAL;
import static io.steward.ops.health.Severity.OK;
import static io.steward.ops.health.Severity.WARN;

import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.info.ClusterNode;
import io.steward.ops.info.InfoSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges a Redis Cluster from one node's {@code CLUSTER INFO} and {@code CLUSTER NODES}: state,
 * slot coverage, failing nodes, and a replica for every master. Pure.
 */
final class ClusterRules {

    static final int SLOTS = 16384;

    /**
     * @param source      the node that answered, the target of cluster-wide checks
     * @param clusterInfo its {@code CLUSTER INFO} (same {@code field:value} format as INFO)
     * @param nodes       its {@code CLUSTER NODES}, parsed
     */
    List<HealthCheck> evaluate(String source, InfoSnapshot clusterInfo, List<ClusterNode> nodes) {
        Checks checks = new Checks(Component.CLUSTER, source);
        List<HealthCheck> result = new ArrayList<>();
        String state = clusterInfo.get("", "cluster_state").orElse("unknown");
        result.add(
                "ok".equals(state)
                        ? checks.check("cluster-state", OK, "cluster_state ok", "cluster_state", state)
                        : checks.check(
                                "cluster-state",
                                CRITICAL,
                                "cluster_state is " + state
                                        + ": the cluster refuses queries; run 'steward cluster check'",
                                "cluster_state",
                                state));
        long assigned = clusterInfo.getLong("", "cluster_slots_assigned").orElse(0);
        long failed = clusterInfo.getLong("", "cluster_slots_fail").orElse(0);
        long pfail = clusterInfo.getLong("", "cluster_slots_pfail").orElse(0);
        if (assigned < SLOTS || failed > 0) {
            result.add(checks.check(
                    "slot-coverage",
                    CRITICAL,
                    (SLOTS - assigned) + " slots unassigned and " + failed
                            + " served by failed nodes; keys in them are unavailable: run 'steward cluster fix'",
                    "slots_assigned",
                    assigned,
                    "slots_fail",
                    failed,
                    "slots_pfail",
                    pfail));
        } else if (pfail > 0) {
            result.add(checks.check(
                    "slot-coverage",
                    WARN,
                    pfail + " slots served by nodes suspected down (PFAIL)",
                    "slots_assigned",
                    assigned,
                    "slots_fail",
                    failed,
                    "slots_pfail",
                    pfail));
        } else {
            result.add(checks.check(
                    "slot-coverage",
                    OK,
                    "all " + SLOTS + " slots served",
                    "slots_assigned",
                    assigned,
                    "slots_fail",
                    failed,
                    "slots_pfail",
                    pfail));
        }
        for (ClusterNode node : nodes) {
            if (node.isMaster() && node.slots() > 0) {
                result.add(replicasOf(node, nodes));
            }
        }
        return result;
    }

    private static HealthCheck replicasOf(ClusterNode master, List<ClusterNode> nodes) {
        String target =
                master.endpoint() == null ? master.id() : master.endpoint().toString();
        Checks checks = new Checks(Component.CLUSTER, target);
        long replicas = nodes.stream()
                .filter(n -> master.id().equals(n.masterId()) && !n.isFailing())
                .count();
        if (master.isFailing()) {
            return checks.check(
                    "master",
                    CRITICAL,
                    "master serving " + master.slots() + " slots is marked " + String.join(",", master.flags()),
                    "slots",
                    (long) master.slots(),
                    "replicas",
                    replicas);
        }
        if (replicas == 0) {
            return checks.check(
                    "master",
                    WARN,
                    "master serving " + master.slots() + " slots has no healthy replica;"
                            + " losing it loses those slots: run 'steward cluster add-node'",
                    "slots",
                    (long) master.slots(),
                    "replicas",
                    0L);
        }
        return checks.check(
                "master",
                OK,
                "master serving " + master.slots() + " slots with " + replicas + " replica(s)",
                "slots",
                (long) master.slots(),
                "replicas",
                replicas);
    }
}

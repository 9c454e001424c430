package io.steward.ha.cluster;

import io.steward.HostAndPort;
import io.steward.ops.health.Severity;
import io.steward.ops.info.ClusterNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of {@code cluster check}, as a pure function of every node's view. Local means the
 * nodes are on a loopback address, where replicas cannot be on other hosts.
 */
final class CheckRules {

    static final String FIX = "steward cluster fix --confirm";
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "localhost");

    private CheckRules() {}

    static List<ClusterFinding> evaluate(ClusterView view) {
        List<ClusterFinding> findings = new ArrayList<>();
        reachability(view, findings);
        NodeView consensus = view.consensus();
        agreement(view, consensus, findings);
        coverage(consensus, findings);
        openSlots(view, findings);
        replicas(consensus.nodes(), findings);
        return findings;
    }

    private static void reachability(ClusterView view, List<ClusterFinding> findings) {
        for (NodeView v : view.views()) {
            String target = v.endpoint().toString();
            if (!v.answered()) {
                findings.add(new ClusterFinding(
                        Severity.CRITICAL,
                        "node-reachable",
                        target,
                        "does not answer: " + v.error(),
                        "start the node, or remove it with 'steward cluster remove-node " + target + " --confirm'"));
            } else if (!"ok".equals(v.clusterState())) {
                findings.add(new ClusterFinding(
                        Severity.CRITICAL,
                        "cluster-state",
                        target,
                        "cluster_state is " + v.clusterState() + " (slots uncovered or masters unreachable)",
                        "see the other findings; " + FIX + " assigns uncovered slots"));
            }
        }
        for (ClusterNode n : view.consensus().nodes()) {
            if (n.isFailing()) {
                findings.add(new ClusterFinding(
                        Severity.CRITICAL,
                        "node-failed",
                        String.valueOf(n.endpoint()),
                        "flagged " + String.join(",", n.flags()) + " by the cluster",
                        "start the node, or remove it with 'steward cluster remove-node " + n.endpoint()
                                + " --confirm'"));
            }
        }
    }

    private static void agreement(ClusterView view, NodeView consensus, List<ClusterFinding> findings) {
        String[] agreed = consensus.owners();
        int disagreeing = 0;
        for (NodeView v : view.answering()) {
            String[] owners = v.owners();
            if (Arrays.equals(owners, agreed)) {
                continue;
            }
            disagreeing++;
            int slot = firstDifference(owners, agreed);
            findings.add(new ClusterFinding(
                    Severity.CRITICAL,
                    "slot-agreement",
                    v.endpoint().toString(),
                    "sees slot " + slot + " served by " + name(owners[slot], v) + ", the others by "
                            + name(agreed[slot], consensus),
                    "wait a few seconds and check again (gossip settles); if it stays, " + FIX));
        }
        if (disagreeing == 0) {
            findings.add(ClusterFinding.ok(
                    "slot-agreement", "cluster", view.answering().size() + " nodes agree on every slot's owner"));
        }
    }

    private static void coverage(NodeView consensus, List<ClusterFinding> findings) {
        String[] owners = consensus.owners();
        List<String> uncovered = new ArrayList<>();
        int count = 0;
        for (int s = 0; s < owners.length; s++) {
            if (owners[s] == null) {
                int end = s;
                while (end + 1 < owners.length && owners[end + 1] == null) {
                    end++;
                }
                uncovered.add(end == s ? String.valueOf(s) : s + "-" + end);
                count += end - s + 1;
                s = end;
            }
        }
        if (count == 0) {
            findings.add(ClusterFinding.ok("slot-coverage", "cluster", "all 16384 slots are served"));
        } else {
            findings.add(new ClusterFinding(
                    Severity.CRITICAL,
                    "slot-coverage",
                    "cluster",
                    count + " slot(s) served by no master: " + abbreviate(uncovered),
                    FIX + " (assigns them to the master with the fewest slots)"));
        }
    }

    private static void openSlots(ClusterView view, List<ClusterFinding> findings) {
        int open = 0;
        for (NodeView v : view.answering()) {
            ClusterNode me = v.myself().orElse(null);
            if (me == null) {
                continue;
            }
            for (Map.Entry<Integer, String> m : me.migrating().entrySet()) {
                open++;
                findings.add(openSlot(v, "migrating slot " + m.getKey() + " to " + name(m.getValue(), v)));
            }
            for (Map.Entry<Integer, String> i : me.importing().entrySet()) {
                open++;
                findings.add(openSlot(v, "importing slot " + i.getKey() + " from " + name(i.getValue(), v)));
            }
        }
        if (open == 0) {
            findings.add(ClusterFinding.ok("open-slots", "cluster", "no slot is importing or migrating"));
        }
    }

    private static ClusterFinding openSlot(NodeView v, String detail) {
        return new ClusterFinding(
                Severity.WARN,
                "open-slots",
                v.endpoint().toString(),
                detail + " (a move in progress, or one interrupted)",
                "if no rebalance runs: 'steward cluster rebalance --confirm' resumes an unfinished one, " + FIX
                        + " finishes the move");
    }

    private static void replicas(List<ClusterNode> nodes, List<ClusterFinding> findings) {
        int problems = 0;
        for (ClusterNode master : nodes) {
            if (!master.isMaster() || master.isFailing() || master.slots() == 0) {
                continue;
            }
            List<ClusterNode> replicas = nodes.stream()
                    .filter(n -> master.id().equals(n.masterId()) && !n.isFailing())
                    .toList();
            String target = String.valueOf(master.endpoint());
            if (replicas.isEmpty()) {
                problems++;
                findings.add(new ClusterFinding(
                        Severity.WARN,
                        "replicas",
                        target,
                        "master serving " + master.slots() + " slots has no working replica: losing it loses them",
                        "add one: 'steward cluster add-node HOST:PORT --replica-of " + target + "'"));
            }
            for (ClusterNode replica : replicas) {
                if (sameHost(master.endpoint(), replica.endpoint())) {
                    problems++;
                    boolean local = LOOPBACK.contains(master.endpoint().host());
                    findings.add(new ClusterFinding(
                            local ? Severity.WARN : Severity.CRITICAL,
                            "replica-placement",
                            String.valueOf(replica.endpoint()),
                            "replica on the same host as its master " + master.endpoint()
                                    + (local ? " (local deployment: every node is on this machine)" : ""),
                            local
                                    ? "expected for a local deployment; on real hosts put replicas elsewhere"
                                    : "move the replica to another host: add-node there --replica-of " + target
                                            + ", then remove-node " + replica.endpoint()));
                }
            }
        }
        if (problems == 0) {
            findings.add(ClusterFinding.ok("replicas", "cluster", "every master has a replica on another host"));
        }
    }

    private static boolean sameHost(HostAndPort a, HostAndPort b) {
        return a != null && b != null && a.host().equalsIgnoreCase(b.host());
    }

    private static int firstDifference(String[] a, String[] b) {
        for (int s = 0; s < a.length; s++) {
            if (!java.util.Objects.equals(a[s], b[s])) {
                return s;
            }
        }
        return 0;
    }

    private static String name(String id, NodeView view) {
        if (id == null) {
            return "no master";
        }
        return view.nodes().stream()
                .filter(n -> n.id().equals(id) && n.endpoint() != null)
                .map(n -> n.endpoint().toString())
                .findFirst()
                .orElse(id);
    }

    static String abbreviate(List<String> ranges) {
        return ranges.size() <= 8
                ? String.join(",", ranges)
                : String.join(",", ranges.subList(0, 8)) + ",... (" + ranges.size() + " ranges)";
    }
}

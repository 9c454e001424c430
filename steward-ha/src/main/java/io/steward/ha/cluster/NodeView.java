package io.steward.ha.cluster;

import io.steward.HostAndPort;
import io.steward.ops.info.ClusterNode;
import java.util.List;
import java.util.Optional;

/**
 * What one node says about the cluster: its {@code CLUSTER NODES} and {@code cluster_state}, or why
 * it did not answer.
 *
 * @param endpoint     where it was asked
 * @param nodes        its {@code CLUSTER NODES}, parsed; empty when it did not answer
 * @param clusterState its {@code cluster_state} ({@code ok} or {@code fail}); {@code null} when it did not answer
 * @param error        why it did not answer; {@code null} when it did
 */
record NodeView(HostAndPort endpoint, List<ClusterNode> nodes, String clusterState, String error) {

    NodeView {
        nodes = List.copyOf(nodes);
    }

    static NodeView unreachable(HostAndPort endpoint, String error) {
        return new NodeView(endpoint, List.of(), null, error);
    }

    boolean answered() {
        return error == null;
    }

    Optional<ClusterNode> myself() {
        return nodes.stream().filter(ClusterNode::isMyself).findFirst();
    }

    /** The owner id of every slot in this node's view; {@code null} for an unassigned slot. */
    String[] owners() {
        String[] owners = new String[ClusterNode.SLOT_COUNT];
        for (ClusterNode node : nodes) {
            if (!node.isMaster()) {
                continue;
            }
            java.util.BitSet slots = node.slotSet();
            for (int s = slots.nextSetBit(0); s >= 0; s = slots.nextSetBit(s + 1)) {
                owners[s] = node.id();
            }
        }
        return owners;
    }
}

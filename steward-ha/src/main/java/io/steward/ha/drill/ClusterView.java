package io.steward.ha.drill;

import io.steward.HostAndPort;
import io.steward.ops.info.ClusterNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One node's {@code CLUSTER NODES} reply, with the slot ranges {@link ClusterNode} only counts. */
record ClusterView(List<ClusterNode> nodes, Map<String, List<int[]>> slotRanges) {

    static ClusterView parse(String clusterNodes) {
        Map<String, List<int[]>> ranges = new HashMap<>();
        for (String line : clusterNodes.split("\r?\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            List<int[]> own = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot in migration still belongs to its current owner
                }
                String[] bounds = f[i].split("-");
                try {
                    int from = Integer.parseInt(bounds[0]);
                    own.add(new int[] {from, bounds.length > 1 ? Integer.parseInt(bounds[1]) : from});
                } catch (NumberFormatException e) {
                    // not a slot range
                }
            }
            ranges.put(f[0], own);
        }
        return new ClusterView(ClusterNode.parse(clusterNodes), ranges);
    }

    /** The healthy master serving {@code slot}, if any. */
    Optional<ClusterNode> ownerOf(int slot) {
        return nodes.stream()
                .filter(n -> n.isMaster() && !n.isFailing() && n.endpoint() != null)
                .filter(n -> serves(n, slot))
                .findFirst();
    }

    boolean serves(ClusterNode node, int slot) {
        for (int[] range : slotRanges.getOrDefault(node.id(), List.of())) {
            if (slot >= range[0] && slot <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /** The first slot {@code node} serves, or -1. */
    int firstSlot(ClusterNode node) {
        List<int[]> own = slotRanges.getOrDefault(node.id(), List.of());
        return own.isEmpty() ? -1 : own.get(0)[0];
    }

    Optional<ClusterNode> at(HostAndPort endpoint) {
        return nodes.stream().filter(n -> endpoint.equals(n.endpoint())).findFirst();
    }

    List<ClusterNode> replicasOf(ClusterNode master) {
        return nodes.stream().filter(n -> master.id().equals(n.masterId())).toList();
    }
}

package io.steward.ha.cluster;

import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.ops.info.ClusterNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every node's view of the cluster, read at one moment: the nodes reached from the seeds and each
 * node named in their {@code CLUSTER NODES}. The consensus is the slot map most answering nodes
 * share.
 */
final class ClusterView {

    private final List<NodeView> views;

    ClusterView(List<NodeView> views) {
        this.views = List.copyOf(views);
    }

    /**
     * Asks the seeds and then every node they know of (addressed nodes only), each once.
     *
     * @throws ClusterAdminException when no seed answers
     */
    static ClusterView read(NodeLinks links, List<HostAndPort> seeds) {
        Map<HostAndPort, NodeView> asked = new LinkedHashMap<>();
        Set<HostAndPort> pending = new LinkedHashSet<>(seeds);
        // bounded: each endpoint is asked once, and a cluster has at most a few thousand nodes
        while (!pending.isEmpty() && asked.size() < 10_000) {
            HostAndPort next = pending.iterator().next();
            pending.remove(next);
            NodeView view = ask(links, next);
            asked.put(next, view);
            for (ClusterNode n : view.nodes()) {
                if (n.endpoint() != null && !n.flags().contains("noaddr") && !asked.containsKey(n.endpoint())) {
                    pending.add(n.endpoint());
                }
            }
        }
        if (asked.values().stream().noneMatch(NodeView::answered)) {
            throw new ClusterAdminException("no cluster node answered (" + seeds + "): "
                    + asked.values().iterator().next().error()
                    + "; check topology.nodes in steward.yaml and that the nodes run");
        }
        return new ClusterView(new ArrayList<>(asked.values()));
    }

    private static NodeView ask(NodeLinks links, HostAndPort node) {
        try {
            String nodes = links.on(node).clusterNodes();
            String state = "fail";
            for (String line : links.on(node).clusterInfo().split("\r?\n")) {
                if (line.startsWith("cluster_state:")) {
                    state = line.substring("cluster_state:".length()).strip();
                }
            }
            return new NodeView(node, ClusterNode.parse(nodes), state, null);
        } catch (StewardException | io.lettuce.core.RedisException e) {
            links.drop(node);
            return NodeView.unreachable(node, String.valueOf(e.getMessage()));
        }
    }

    List<NodeView> views() {
        return views;
    }

    List<NodeView> answering() {
        return views.stream().filter(NodeView::answered).toList();
    }

    /** The view of the largest group of answering nodes that share one slot map. */
    NodeView consensus() {
        List<NodeView> answering = answering();
        NodeView best = answering.get(0);
        int bestVotes = 0;
        for (NodeView candidate : answering) {
            String[] owners = candidate.owners();
            int votes = (int) answering.stream()
                    .filter(v -> Arrays.equals(v.owners(), owners))
                    .count();
            if (votes > bestVotes) {
                best = candidate;
                bestVotes = votes;
            }
        }
        return best;
    }

    /** The nodes of the consensus view. */
    List<ClusterNode> nodes() {
        return consensus().nodes();
    }

    /** The masters of the consensus view that are not failing and have an address. */
    List<ClusterNode> liveMasters() {
        return nodes().stream()
                .filter(n -> n.isMaster() && !n.isFailing() && n.endpoint() != null)
                .toList();
    }

    Optional<ClusterNode> byEndpoint(HostAndPort endpoint) {
        return nodes().stream().filter(n -> endpoint.equals(n.endpoint())).findFirst();
    }

    Optional<ClusterNode> byId(String id) {
        return nodes().stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The node named by {@code HOST:PORT} or by its id (a unique prefix of 8+ characters will do). */
    Optional<ClusterNode> find(String nodeOrId) {
        try {
            Optional<ClusterNode> byEndpoint = byEndpoint(HostAndPort.parse(nodeOrId));
            if (byEndpoint.isPresent()) {
                return byEndpoint;
            }
        } catch (IllegalArgumentException e) {
            // not HOST:PORT: try it as an id
        }
        List<ClusterNode> matches = nodes().stream()
                .filter(n -> n.id().equals(nodeOrId) || nodeOrId.length() >= 8 && n.id().startsWith(nodeOrId))
                .toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** The endpoints known, for messages. */
    String knownEndpoints() {
        return nodes().stream()
                .filter(n -> n.endpoint() != null)
                .map(n -> n.endpoint() + (n.isMaster() ? " (master)" : " (replica)"))
                .toList()
                .toString();
    }

    /** Whether every answering node has the same slot map and knows the same node ids. */
    boolean agreed() {
        List<NodeView> answering = answering();
        String[] owners = answering.get(0).owners();
        Set<String> ids = ids(answering.get(0));
        return answering.stream().allMatch(v -> Arrays.equals(v.owners(), owners) && ids(v).equals(ids));
    }

    private static Set<String> ids(NodeView view) {
        Set<String> ids = new java.util.TreeSet<>();
        view.nodes().forEach(n -> ids.add(n.id()));
        return ids;
    }
}

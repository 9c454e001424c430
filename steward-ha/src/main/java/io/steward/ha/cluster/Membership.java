package io.steward.ha.cluster;

import io.lettuce.core.RedisException;
import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.info.ClusterNode;
import io.steward.provision.ClusterFormation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Create, add-node, remove-node and failover: the operations that change who is in the cluster. */
final class Membership {

    private static final int MIN_MASTERS = 3;

    private final NodeLinks links;
    private final StewardConfig config;
    private final Supplier<ClusterView> read;

    Membership(NodeLinks links, StewardConfig config, Supplier<ClusterView> read) {
        this.links = links;
        this.config = config;
        this.read = read;
    }

    ClusterChange create(List<HostAndPort> nodes, int replicas) {
        if (replicas < 0) {
            throw new ConfigException("--replicas", "must be 0 or more, was " + replicas);
        }
        if (nodes.stream().distinct().count() != nodes.size()) {
            throw new ConfigException("HOST:PORT", "a node is listed twice: " + nodes);
        }
        if (nodes.size() % (replicas + 1) != 0 || nodes.size() / (replicas + 1) < MIN_MASTERS) {
            throw new ConfigException(
                    "HOST:PORT",
                    nodes.size() + " node(s) with --replicas " + replicas + " do not make " + MIN_MASTERS
                            + " or more masters with " + replicas + " replica(s) each; give "
                            + MIN_MASTERS * (replicas + 1) + " nodes, or a multiple of " + (replicas + 1));
        }
        nodes.forEach(this::requireEmpty);
        int masters = nodes.size() / (replicas + 1);
        ClusterFormation.over(links::text).form(nodes, masters);
        Convergence.await(
                links,
                nodes,
                Convergence.DEFAULT_TIMEOUT,
                "every node to know the others and the slots",
                v -> v.agreed()
                        && v.answering().size() == nodes.size()
                        && v.answering().stream()
                                .allMatch(n -> "ok".equals(n.clusterState())
                                        && n.nodes().size() == nodes.size())
                        && v.nodes().stream().filter(n -> !n.isMaster()).count() == nodes.size() - masters);
        List<String> steps = new ArrayList<>();
        steps.add("met " + nodes.size() + " nodes");
        Map<HostAndPort, String> roles = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (i < masters) {
                int from = i * ClusterSlots.COUNT / masters;
                int to = (i + 1) * ClusterSlots.COUNT / masters - 1;
                steps.add("assigned slots " + from + "-" + to + " to " + nodes.get(i));
                roles.put(nodes.get(i), "master");
            } else {
                HostAndPort master = nodes.get((i - masters) % masters);
                steps.add(nodes.get(i) + " replicates " + master);
                roles.put(nodes.get(i), "replica of " + master);
            }
        }
        return new ClusterChange("create", true, null, null, steps, roles);
    }

    ClusterChange add(HostAndPort node, String replicaOf) {
        ClusterView view = read.get();
        if (view.byEndpoint(node).isPresent()) {
            throw new ConfigException("HOST:PORT", node + " is already a node of this cluster");
        }
        ClusterNode master = null;
        if (replicaOf != null) {
            master = view.find(replicaOf)
                    .filter(ClusterNode::isMaster)
                    .orElseThrow(() -> new ConfigException(
                            "--replica-of",
                            replicaOf
                                    + " is not a master of this cluster; masters: "
                                    + view.liveMasters().stream()
                                            .map(m -> m.endpoint() + " " + m.id())
                                            .toList()));
        }
        requireEmpty(node);
        String id = links.on(node).clusterMyId();
        HostAndPort contact = view.liveMasters().get(0).endpoint();
        links.on(node).clusterMeet(contact.host(), contact.port());
        List<HostAndPort> everyone = new ArrayList<>(endpoints(view));
        everyone.add(node);
        int known = view.nodes().size() + 1;
        Convergence.await(
                links, everyone, Convergence.DEFAULT_TIMEOUT, "every node to know " + node, v -> v.answering().stream()
                        .allMatch(n -> n.nodes().stream().anyMatch(c -> c.id().equals(id))
                                && n.nodes().size() >= known
                                && "ok".equals(n.clusterState())));
        List<String> steps = new ArrayList<>(List.of("CLUSTER MEET " + contact + " from " + node + " (id " + id + ")"));
        String role = "master (no slots yet: 'steward cluster rebalance --confirm' gives it its share)";
        if (master != null) {
            String masterId = master.id();
            links.on(node).clusterReplicate(masterId);
            Convergence.await(
                    links,
                    everyone,
                    Convergence.DEFAULT_TIMEOUT,
                    node + " to be known as replica of " + master.endpoint(),
                    v -> v.answering().stream().allMatch(n -> n.nodes().stream()
                            .anyMatch(c -> c.id().equals(id) && masterId.equals(c.masterId()))));
            steps.add("CLUSTER REPLICATE " + masterId + " (" + master.endpoint() + ")");
            role = "replica of " + master.endpoint();
        }
        return new ClusterChange("add-node", true, node, id, steps, Map.of(node, role));
    }

    ClusterChange remove(ClusterNode leaving, boolean shutdown, boolean apply) {
        ClusterView view = read.get();
        HostAndPort node = leaving.endpoint();
        List<String> steps = new ArrayList<>();
        Map<HostAndPort, String> roles = new LinkedHashMap<>();
        List<ClusterNode> orphans = view.nodes().stream()
                .filter(n -> leaving.id().equals(n.masterId()) && n.endpoint() != null)
                .toList();
        for (ClusterNode orphan : orphans) {
            ClusterNode adopter = view.liveMasters().stream()
                    .filter(m -> !m.id().equals(leaving.id()) && m.slots() > 0)
                    .min(Comparator.comparingLong(m -> replicasOf(view, m)))
                    .orElseThrow(() ->
                            new ClusterAdminException("no other master to take the replica " + orphan.endpoint()));
            steps.add(orphan.endpoint() + " replicates " + adopter.endpoint() + " instead");
            roles.put(orphan.endpoint(), "replica of " + adopter.endpoint());
            if (apply) {
                links.on(orphan.endpoint()).clusterReplicate(adopter.id());
            }
        }
        List<HostAndPort> others = view.nodes().stream()
                .filter(n -> !n.id().equals(leaving.id()) && n.endpoint() != null && !n.isFailing())
                .map(ClusterNode::endpoint)
                .toList();
        boolean reachable = ClusterAdmin.answers(links, node);
        steps.add((reachable ? "CLUSTER RESET SOFT on " + node + ", then " : "") + "CLUSTER FORGET " + leaving.id()
                + " on " + others.size() + " nodes");
        if (shutdown) {
            steps.add("SHUTDOWN " + node);
        }
        if (apply) {
            if (reachable) {
                // reset first: a node that still knows the others would gossip itself back in
                links.on(node).clusterReset(false);
            }
            for (HostAndPort other : others) {
                forget(other, leaving.id());
            }
            Convergence.await(
                    links,
                    others,
                    Convergence.DEFAULT_TIMEOUT,
                    "every node to forget " + node,
                    v -> v.answering().stream()
                            .allMatch(n -> n.nodes().stream().noneMatch(c -> c.id().equals(leaving.id()))));
            if (shutdown && reachable) {
                shutDown(node);
            }
        }
        roles.put(node, shutdown ? "shut down" : "removed (running, in no cluster)");
        return new ClusterChange("remove-node", apply, node, leaving.id(), steps, roles);
    }

    ClusterChange failover(HostAndPort replica, boolean apply) {
        ClusterView view = read.get();
        ClusterNode node = view.byEndpoint(replica).orElseThrow(() -> ClusterAdmin.unknown(replica.toString(), view));
        if (node.isMaster()) {
            List<String> replicas = view.nodes().stream()
                    .filter(n -> node.id().equals(n.masterId()) && n.endpoint() != null)
                    .map(n -> n.endpoint().toString())
                    .toList();
            throw new ConfigException(
                    "HOST:PORT",
                    replica + " is a master; run failover on one of its replicas"
                            + (replicas.isEmpty() ? " (it has none)" : ": " + String.join(", ", replicas)));
        }
        ClusterNode master = view.byId(node.masterId())
                .orElseThrow(() -> new ClusterAdminException(replica + " replicates " + node.masterId()
                        + ", which the cluster does not know; see 'steward cluster check'"));
        List<String> steps = List.of(
                "CLUSTER FAILOVER on " + replica + " (replica of " + master.endpoint() + ")",
                "wait until every node sees " + replica + " as master and " + master.endpoint() + " as its replica");
        Map<HostAndPort, String> roles = new LinkedHashMap<>();
        roles.put(replica, "master");
        roles.put(master.endpoint(), "replica of " + replica);
        if (apply) {
            links.on(replica).clusterFailover(false);
            Convergence.await(
                    links,
                    endpoints(view),
                    Convergence.DEFAULT_TIMEOUT,
                    replica + " to become master with " + master.endpoint() + " its replica",
                    v -> v.agreed()
                            && v.answering().stream()
                                    .allMatch(n ->
                                            n.nodes().stream().anyMatch(c -> c.id().equals(node.id()) && c.isMaster())
                                                    && n.nodes().stream()
                                                            .anyMatch(c -> c.id().equals(master.id())
                                                                    && node.id().equals(c.masterId()))));
        }
        return new ClusterChange("failover", apply, replica, node.id(), steps, roles);
    }

    private void forget(HostAndPort other, String id) {
        try {
            links.on(other).clusterForget(id);
        } catch (RedisException e) {
            // "Unknown node": it forgot already (FORGET is not idempotent)
            if (!String.valueOf(e.getMessage()).contains("Unknown node")) {
                throw e;
            }
        }
    }

    private void shutDown(HostAndPort node) {
        try {
            links.on(node).shutdown(true);
        } catch (StewardException | RedisException e) {
            // the connection closes as the node exits: that is the success case
        }
        links.drop(node);
    }

    private static long replicasOf(ClusterView view, ClusterNode master) {
        return view.nodes().stream()
                .filter(n -> master.id().equals(n.masterId()))
                .count();
    }

    private static List<HostAndPort> endpoints(ClusterView view) {
        return view.nodes().stream()
                .filter(n -> n.endpoint() != null && !n.isFailing())
                .map(ClusterNode::endpoint)
                .toList();
    }

    /** @throws ConfigException unless {@code node} answers, is cluster-enabled, knows no other node and holds no key */
    private void requireEmpty(HostAndPort node) {
        String info;
        try {
            info = links.on(node).info("cluster");
        } catch (StewardException | RedisException e) {
            throw new ConfigException(
                    "HOST:PORT",
                    node + " does not answer (" + e.getMessage()
                            + "); start it as an empty cluster-enabled node first");
        }
        if (!info.contains("cluster_enabled:1")) {
            throw new ConfigException(
                    "HOST:PORT", node + " is not cluster-enabled; start it with 'cluster-enabled yes'");
        }
        if (links.clusterNodes(node).size() > 1 || links.myself(node).slots() > 0) {
            throw new ConfigException(
                    "HOST:PORT",
                    node + " already belongs to a cluster; use an empty node"
                            + " (or 'CLUSTER RESET' it first if it is one you removed)");
        }
        Long keys = links.on(node).dbsize();
        if (keys != null && keys > 0) {
            throw new ConfigException(
                    "HOST:PORT", node + " holds " + keys + " key(s); a new cluster node must be empty");
        }
    }
}

package io.steward.ha.cluster;

import io.steward.HostAndPort;
import io.steward.ops.info.ClusterNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code cluster fix}: an open slot is moved on to the node importing it (or the one its owner was
 * migrating it to) when that node is alive, otherwise closed on its owner; uncovered slots go to the
 * master serving fewest slots.
 */
final class ClusterRepair {

    private final NodeLinks links;
    private final RebalanceOptions options;
    private final List<HostAndPort> seeds;

    ClusterRepair(NodeLinks links, RebalanceOptions options, List<HostAndPort> seeds) {
        this.links = links;
        this.options = options;
        this.seeds = seeds;
    }

    FixReport repair(ClusterView view, boolean apply) {
        List<FixReport.Action> actions = new ArrayList<>();
        List<OversizedKey> refused = new ArrayList<>();
        String[] owners = view.consensus().owners();
        // uncovered slots first: while any is, the cluster is down and MIGRATE answers CLUSTERDOWN
        if (assignUncovered(view, owners, apply, actions) && apply) {
            Convergence.await(
                    links,
                    seeds,
                    Convergence.DEFAULT_TIMEOUT,
                    "every node to see all slots served",
                    v -> v.answering().stream().allMatch(n -> "ok".equals(n.clusterState())));
        }
        for (Map.Entry<Integer, Open> entry : openSlots(view).entrySet()) {
            int slot = entry.getKey();
            Open open = entry.getValue();
            Optional<ClusterNode> owner = Optional.ofNullable(owners[slot]).flatMap(view::byId);
            Optional<ClusterNode> destination = open.destinationId()
                    .flatMap(view::byId)
                    .filter(n -> n.isMaster() && !n.isFailing() && n.endpoint() != null);
            if (owner.isPresent()
                    && destination.isPresent()
                    && !destination.get().id().equals(owner.get().id())) {
                SlotMove move = new SlotMove(
                        slot,
                        owner.get().id(),
                        owner.get().endpoint(),
                        destination.get().id(),
                        destination.get().endpoint());
                actions.add(new FixReport.Action(
                        "finish-move",
                        String.valueOf(slot),
                        "move slot " + slot + " from " + move.from() + " to " + move.to()
                                + ", which was importing it"));
                if (apply) {
                    refused.addAll(new SlotMover(links, options)
                            .move(move, masters(view))
                            .refused());
                }
            } else {
                String where = owner.map(o -> " on its owner " + o.endpoint()).orElse("");
                actions.add(new FixReport.Action(
                        "close-slot",
                        String.valueOf(slot),
                        "close slot " + slot + where + " (the node it was moving to is gone): SETSLOT STABLE"));
                if (apply) {
                    for (HostAndPort node : open.nodes()) {
                        links.on(node).clusterSetSlotStable(slot);
                    }
                }
            }
        }
        return new FixReport(apply, actions, refused);
    }

    /** @return whether there were uncovered slots */
    private boolean assignUncovered(ClusterView view, String[] owners, boolean apply, List<FixReport.Action> actions) {
        List<Integer> uncovered = new ArrayList<>();
        for (int s = 0; s < owners.length; s++) {
            if (owners[s] == null) {
                uncovered.add(s);
            }
        }
        if (uncovered.isEmpty()) {
            return false;
        }
        ClusterNode fewest = view.liveMasters().stream()
                .min(Comparator.comparingInt(ClusterNode::slots).thenComparing(ClusterNode::id))
                .orElseThrow(() -> new ClusterAdminException("no live master to take the uncovered slots "
                        + CheckRules.abbreviate(ClusterSlots.ranges(uncovered)) + "; start a master first"));
        String ranges = CheckRules.abbreviate(ClusterSlots.ranges(uncovered));
        actions.add(new FixReport.Action(
                "assign-slots",
                ranges,
                "assign " + uncovered.size() + " uncovered slot(s) to " + fewest.endpoint()
                        + ", the master serving fewest (" + fewest.slots() + ")"));
        if (apply) {
            links.on(fewest.endpoint())
                    .clusterAddSlots(
                            uncovered.stream().mapToInt(Integer::intValue).toArray());
        }
        return true;
    }

    private static List<HostAndPort> masters(ClusterView view) {
        return view.liveMasters().stream().map(ClusterNode::endpoint).toList();
    }

    /** Each open slot: the nodes holding it open and where it was going. */
    private static Map<Integer, Open> openSlots(ClusterView view) {
        Map<Integer, Open> open = new TreeMap<>();
        for (NodeView v : view.answering()) {
            ClusterNode me = v.myself().orElse(null);
            if (me == null) {
                continue;
            }
            me.importing().keySet().forEach(slot -> open.computeIfAbsent(slot, s -> new Open())
                    .importer(me, v.endpoint()));
            me.migrating().forEach((slot, to) -> open.computeIfAbsent(slot, s -> new Open())
                    .migrator(v.endpoint(), to));
        }
        return open;
    }

    /** One open slot as the nodes report it. */
    private static final class Open {
        private String importingId;
        private String migratingTo;
        private final List<HostAndPort> nodes = new ArrayList<>();

        void importer(ClusterNode node, HostAndPort endpoint) {
            importingId = node.id();
            nodes.add(endpoint);
        }

        void migrator(HostAndPort endpoint, String to) {
            migratingTo = to;
            nodes.add(endpoint);
        }

        /** The importing node, else the node the owner was migrating to. */
        Optional<String> destinationId() {
            return Optional.ofNullable(importingId != null ? importingId : migratingTo);
        }

        List<HostAndPort> nodes() {
            return nodes;
        }
    }
}

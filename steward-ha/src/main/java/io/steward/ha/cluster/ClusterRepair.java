package io.steward.ha.cluster;

import io.lettuce.core.RedisException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.ops.info.ClusterNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
            if (open.conflicting()) {
                actions.add(refuse(
                        slot,
                        "several nodes import or migrate it to different peers " + open.describe(),
                        open.nodes()));
                continue;
            }
            Optional<ClusterNode> named = open.destinationId().flatMap(view::byId);
            if (named.isPresent() && named.get().flags().contains("fail?")) {
                // only a confirmed failure says the move cannot go on; a suspected one may come back
                actions.add(refuse(
                        slot,
                        "the node it was moving to, " + named.get().endpoint()
                                + ", is only suspected failing (fail?); wait until it answers or is marked fail",
                        open.nodes()));
                continue;
            }
            Optional<ClusterNode> destination =
                    named.filter(n -> n.isMaster() && !n.isFailing() && n.endpoint() != null);
            Set<String> allowed = new HashSet<>();
            owner.ifPresent(o -> allowed.add(o.id()));
            destination.ifPresent(d -> allowed.add(d.id()));
            List<HostAndPort> strays = holdersOutside(view, slot, allowed);
            if (!strays.isEmpty()) {
                actions.add(refuse(
                        slot,
                        "keys of it are held by " + strays + ", which "
                                + (owner.isPresent() ? "do not own it" : "is not its owner"),
                        strays));
                continue;
            }
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

    /**
     * Gives each uncovered slot to the one master holding keys of it, or, when none does, to the
     * master serving fewest slots; a slot whose keys sit on several masters is refused.
     *
     * @return whether any slots were assigned
     */
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
        Map<HostAndPort, List<Integer>> byNode = new TreeMap<>(Comparator.comparing(HostAndPort::toString));
        for (int slot : uncovered) {
            List<HostAndPort> holders = holdersOutside(view, slot, Set.of());
            if (holders.size() > 1) {
                actions.add(refuse(slot, "keys of this uncovered slot are on several masters " + holders, holders));
                continue;
            }
            HostAndPort to = holders.isEmpty() ? fewest.endpoint() : holders.get(0);
            byNode.computeIfAbsent(to, n -> new ArrayList<>()).add(slot);
        }
        byNode.forEach((node, slots) -> {
            String ranges = CheckRules.abbreviate(ClusterSlots.ranges(slots));
            String why = node.equals(fewest.endpoint())
                    ? ", the master serving fewest (" + fewest.slots() + ")"
                    : ", which holds their keys";
            actions.add(new FixReport.Action(
                    "assign-slots", ranges, "assign " + slots.size() + " uncovered slot(s) to " + node + why));
            if (apply) {
                links.on(node)
                        .clusterAddSlots(
                                slots.stream().mapToInt(Integer::intValue).toArray());
            }
        });
        return !byNode.isEmpty();
    }

    /**
     * The reachable masters, other than {@code allowed} ids, that hold keys of {@code slot}
     * ({@code CLUSTER COUNTKEYSINSLOT}): closing or assigning the slot elsewhere would orphan them.
     */
    private List<HostAndPort> holdersOutside(ClusterView view, int slot, Set<String> allowed) {
        List<HostAndPort> holders = new ArrayList<>();
        for (ClusterNode master : view.liveMasters()) {
            if (allowed.contains(master.id())) {
                continue;
            }
            try {
                if (links.on(master.endpoint()).clusterCountKeysInSlot(slot) > 0) {
                    holders.add(master.endpoint());
                }
            } catch (StewardException | RedisException e) {
                // unreachable: nothing it holds can be checked, nor lost by what is done here
            }
        }
        return holders;
    }

    private static FixReport.Action refuse(int slot, String why, List<HostAndPort> where) {
        String inspect = where.stream()
                .map(n -> "redis-cli -h " + n.host() + " -p " + n.port() + " cluster countkeysinslot " + slot)
                .toList()
                .toString();
        return new FixReport.Action(
                "refused",
                String.valueOf(slot),
                "left slot " + slot + " as it is: " + why + "; inspect with " + inspect
                        + ", move the keys by hand, then run 'steward cluster fix' again");
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
        private final Set<String> importers = new TreeSet<>();
        private final Set<String> migratingTo = new TreeSet<>();
        private final List<HostAndPort> nodes = new ArrayList<>();

        void importer(ClusterNode node, HostAndPort endpoint) {
            importers.add(node.id());
            nodes.add(endpoint);
        }

        void migrator(HostAndPort endpoint, String to) {
            migratingTo.add(to);
            nodes.add(endpoint);
        }

        /** Whether the nodes name more than one destination: no single move to finish. */
        boolean conflicting() {
            Set<String> destinations = new TreeSet<>(importers);
            destinations.addAll(migratingTo);
            return destinations.size() > 1;
        }

        String describe() {
            return "(importing: " + importers + ", migrating to: " + migratingTo + ")";
        }

        /** The importing node, else the node the owner was migrating to. */
        Optional<String> destinationId() {
            return importers.stream().findFirst().or(() -> migratingTo.stream().findFirst());
        }

        List<HostAndPort> nodes() {
            return nodes;
        }
    }
}

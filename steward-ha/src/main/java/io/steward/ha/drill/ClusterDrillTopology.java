package io.steward.ha.drill;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.info.ClusterNode;
import io.steward.ops.info.InfoSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Redis Cluster: writes through {@link StewardClient#cluster()}, which follows redirects and
 * refreshes its topology; the failover is seen by polling {@code CLUSTER NODES} on a surviving node
 * until the failed master's slots have a new master.
 */
final class ClusterDrillTopology implements DrillTopology {

    /** How often a surviving node is asked for the cluster's view during a failover. */
    static final Duration POLL_EVERY = Duration.ofMillis(50);
    /** Beyond two node timeouts (one to flag the master, up to one more for the majority's reports to gossip): the replica's election delay (500 ms plus up to 500 ms at rank 0) and the vote, with slack. */
    static final long SWITCH_MARGIN_MILLIS = 2000;

    static final long MANUAL_SWITCH_MILLIS = 5000;
    static final long GAP_MARGIN_MILLIS = 500;
    /** A run stops waiting at four node timeouts plus this. */
    static final long DEADLINE_SLACK_MILLIS = 10_000;

    private static final long DEFAULT_NODE_TIMEOUT = 15_000;
    /** A watch thread ends within one poll and one CLUSTER NODES reply once stopped. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final StewardClient client;
    private final List<HostAndPort> seeds;
    private final Clock clock;
    /**
     * The drill's own cluster connection: the node connections durable writes use, and the nodes
     * Lettuce knows as further seeds. The only resource the constructor opens, so a failing
     * constructor leaks nothing.
     */
    private final StatefulRedisClusterConnection<String, String> cluster;
    /** Who serves which slot for durable writes; dropped after a failed write so the next one asks again. */
    private volatile List<ClusterNode> ownerView;

    ClusterDrillTopology(StewardClient client, List<HostAndPort> seeds, Clock clock) {
        this.client = client;
        this.seeds = List.copyOf(seeds);
        this.clock = clock;
        this.cluster = client.connectCluster(StringCodec.UTF8);
    }

    @Override
    public HostAndPort master() {
        return ownerOf(view(), 0)
                .map(ClusterNode::endpoint)
                .orElseThrow(() -> new StewardException("no healthy master serves slot 0; check './steward health'"));
    }

    @Override
    public List<HostAndPort> endpoints() {
        Set<HostAndPort> nodes = new LinkedHashSet<>(seeds);
        view().stream()
                .map(ClusterNode::endpoint)
                .filter(java.util.Objects::nonNull)
                .forEach(nodes::add);
        return List.copyOf(nodes);
    }

    @Override
    public DrillLimits limits(DrillMode mode) {
        long nodeTimeout = DEFAULT_NODE_TIMEOUT;
        for (HostAndPort node : endpoints()) {
            try (StatefulRedisConnection<String, String> c = client.connectNode(node)) {
                String value = c.sync().configGet("cluster-node-timeout").get("cluster-node-timeout");
                if (value != null) {
                    nodeTimeout = Long.parseLong(value);
                    break;
                }
            } catch (RuntimeException e) {
                // the next node
            }
        }
        long pass = mode == DrillMode.MANUAL ? MANUAL_SWITCH_MILLIS : 2 * nodeTimeout + SWITCH_MARGIN_MILLIS;
        long deadline = 4 * nodeTimeout + DEADLINE_SLACK_MILLIS;
        return new DrillLimits(nodeTimeout, null, pass, deadline, GAP_MARGIN_MILLIS, deadline);
    }

    @Override
    public void recountReplicas() {
        ownerView = null; // durable writes look up each master's replicas anew for the run
    }

    @Override
    public Optional<String> unsettled() {
        List<ClusterNode> view;
        try {
            view = view();
        } catch (RuntimeException e) {
            return Optional.of("no node answered CLUSTER NODES");
        }
        return Optional.ofNullable(unsettled(view));
    }

    /** What keeps the cluster {@code view} shows from being settled, or null. */
    private String unsettled(List<ClusterNode> view) {
        for (ClusterNode node : view) {
            if (node.endpoint() == null
                    || node.isFailing()
                    || !node.connected() && !node.flags().contains("myself")) {
                return "node " + (node.endpoint() == null ? node.id() : node.endpoint()) + " is " + node.flags()
                        + (node.connected() ? "" : ", disconnected");
            }
            try (StatefulRedisConnection<String, String> c = client.connectNode(node.endpoint())) {
                if (!c.sync().clusterInfo().contains("cluster_state:ok")) {
                    return node.endpoint() + " reports cluster_state not ok";
                }
                if (!node.isMaster()) {
                    InfoSnapshot info = InfoSnapshot.parse(c.sync().info("replication"));
                    if (!"up"
                            .equals(info.get("replication", "master_link_status")
                                    .orElse(""))) {
                        return "replica " + node.endpoint() + " has its master link down";
                    }
                }
            } catch (RuntimeException e) {
                return node.endpoint() + " unreachable: " + NodeOps.errorCode(e);
            }
        }
        for (ClusterNode node : view) {
            if (node.isMaster() && node.slots() > 0 && replicasOf(view, node).isEmpty()) {
                return "master " + node.endpoint() + " has no replica";
            }
        }
        return null;
    }

    @Override
    public boolean write(String key, String value, boolean durable, Duration replicationTimeout) {
        if (!durable) {
            client.cluster().set(key, value, SetArgs.Builder.px(DrillWriters.KEY_TTL.toMillis()));
            return true;
        }
        // WAIT has no key, so the cluster connection would send it to any node: write and wait on the
        // connection to the slot's master instead, as the cluster names it now; Lettuce's cached
        // partitions never learn of the failover when no command goes through the cluster connection
        List<ClusterNode> view = ownerView;
        if (view == null) {
            view = view();
            ownerView = view;
        }
        ClusterNode owner = ownerOf(view, SlotHash.getSlot(key))
                .orElseThrow(() -> new StewardException("no master known for the slot of " + key));
        int replicas = Math.max(1, (int)
                replicasOf(view, owner).stream().filter(r -> !r.isFailing()).count());
        try {
            RedisCommands<String, String> node = cluster.getConnection(
                            owner.endpoint().host(), owner.endpoint().port())
                    .sync();
            node.set(key, value, SetArgs.Builder.px(DrillWriters.KEY_TTL.toMillis()));
            return node.waitForReplication(replicas, replicationTimeout.toMillis()) >= replicas;
        } catch (RuntimeException e) {
            // MOVED from a demoted master, or a dead or paused one: the next write asks the cluster again
            ownerView = null;
            throw e;
        }
    }

    @Override
    public void failOverManually(HostAndPort master) {
        List<ClusterNode> view = view();
        ClusterNode victim =
                at(view, master).orElseThrow(() -> new StewardException(master + " is not a node of the cluster"));
        if (!victim.isMaster()) {
            throw new StewardException(master + " is no longer a master (" + String.join(",", victim.flags())
                    + "); the cluster changed before the fault");
        }
        ClusterNode replica = replicasOf(view, victim).stream()
                .filter(r -> !r.isFailing() && r.endpoint() != null)
                .findFirst()
                .orElseThrow(
                        () -> new StewardException("master " + master + " has no healthy replica to fail over to"));
        try (StatefulRedisConnection<String, String> c = client.connectNode(replica.endpoint())) {
            c.sync().clusterFailover(false);
        } catch (RedisCommandExecutionException e) {
            throw new StewardException(
                    "replica " + replica.endpoint() + " refused CLUSTER FAILOVER: " + e.getMessage()
                            + "; check './steward cluster check'",
                    e);
        }
    }

    @Override
    public SwitchWatch watch(HostAndPort oldMaster) {
        List<ClusterNode> before = view();
        ClusterNode victim = at(before, oldMaster)
                .orElseThrow(() -> new StewardException(oldMaster + " is not a node of the cluster"));
        List<HostAndPort> survivors = before.stream()
                .map(ClusterNode::endpoint)
                .filter(e -> e != null && !e.equals(oldMaster))
                .toList();
        return new ClusterWatch(victim, victim.slotSet().nextSetBit(0), survivors);
    }

    @Override
    public String keyServedBy(HostAndPort master, String base) {
        ClusterNode node =
                at(view(), master).orElseThrow(() -> new StewardException(master + " is not in the cluster"));
        for (int tag = 0; tag < 100_000; tag++) {
            String key = base + "{" + tag + "}";
            if (node.owns(SlotHash.getSlot(key))) {
                return key;
            }
        }
        throw new StewardException("found no key for the slots of " + master);
    }

    @Override
    public void close() {
        cluster.close();
    }

    @Override
    public Map<HostAndPort, List<String>> byMaster(List<String> keys) {
        List<ClusterNode> view = view();
        Map<HostAndPort, List<String>> owners = new LinkedHashMap<>();
        List<String> unowned = new ArrayList<>();
        for (String key : keys) {
            ownerOf(view, SlotHash.getSlot(key))
                    .ifPresentOrElse(
                            o -> owners.computeIfAbsent(o.endpoint(), e -> new ArrayList<>())
                                    .add(key),
                            () -> unowned.add(key));
        }
        if (!unowned.isEmpty()) {
            throw new StewardException(unowned.size() + " keys have no healthy master for their slot");
        }
        return owners;
    }

    /** The healthy master serving {@code slot} in {@code view}, if any. */
    static Optional<ClusterNode> ownerOf(List<ClusterNode> view, int slot) {
        return view.stream()
                .filter(n -> n.isMaster() && !n.isFailing() && n.endpoint() != null)
                .filter(n -> n.owns(slot))
                .findFirst();
    }

    private static Optional<ClusterNode> at(List<ClusterNode> view, HostAndPort endpoint) {
        return view.stream().filter(n -> endpoint.equals(n.endpoint())).findFirst();
    }

    private static List<ClusterNode> replicasOf(List<ClusterNode> view, ClusterNode master) {
        return view.stream().filter(n -> master.id().equals(n.masterId())).toList();
    }

    /** The cluster as the first answering node sees it. */
    private List<ClusterNode> view() {
        RuntimeException last = null;
        for (HostAndPort seed : seedsAndKnown()) {
            try (StatefulRedisConnection<String, String> c = client.connectNode(seed)) {
                return ClusterNode.parse(c.sync().clusterNodes());
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new StewardException(
                "no cluster node answered (" + seeds + "): " + (last == null ? "" : NodeOps.errorCode(last)), last);
    }

    private List<HostAndPort> seedsAndKnown() {
        List<HostAndPort> nodes = new ArrayList<>(seeds);
        cluster.getPartitions().forEach(n -> {
            HostAndPort e = HostAndPort.of(n.getUri().getHost(), n.getUri().getPort());
            if (!nodes.contains(e)) {
                nodes.add(e);
            }
        });
        return nodes;
    }

    /**
     * Polls a surviving node every {@link #POLL_EVERY} on a thread of its own: the first {@code fail?}
     * flag on the old master stands for Sentinel's {@code +sdown}, {@code fail} for {@code +odown}, and
     * the old master's first slot served by another master for the switch.
     */
    private final class ClusterWatch implements SwitchWatch {
        private final ClusterNode victim;
        private final int slot;
        private final List<HostAndPort> survivors;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile Long sdownAt;
        private volatile Long odownAt;
        private volatile Long switchAt;
        private volatile HostAndPort newMaster;
        private volatile boolean stuck;

        ClusterWatch(ClusterNode victim, int slot, List<HostAndPort> survivors) {
            this.victim = victim;
            this.slot = slot;
            this.survivors = survivors;
            this.thread = new Thread(this::poll, "drill-cluster-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void poll() {
            List<StatefulRedisConnection<String, String>> links = new ArrayList<>();
            try {
                for (HostAndPort survivor : survivors) {
                    try {
                        links.add(client.connectNode(survivor));
                    } catch (RuntimeException e) {
                        // a node down already; the others answer
                    }
                }
                int next = 0;
                while (running.get() && switchAt == null && !links.isEmpty()) {
                    StatefulRedisConnection<String, String> link = links.get(next++ % links.size());
                    try {
                        look(ClusterNode.parse(link.sync().clusterNodes()));
                    } catch (RuntimeException e) {
                        // this survivor did not answer; the next one is asked
                    }
                    Thread.sleep(POLL_EVERY.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                links.forEach(StatefulRedisConnection::closeAsync);
            }
        }

        private void look(List<ClusterNode> view) {
            long now = clock.millis();
            view.stream().filter(n -> n.id().equals(victim.id())).findFirst().ifPresent(n -> {
                if (sdownAt == null && n.isFailing()) {
                    sdownAt = now;
                }
                if (odownAt == null && n.flags().contains("fail")) {
                    odownAt = now;
                }
            });
            ownerOf(view, slot).filter(o -> !o.id().equals(victim.id())).ifPresent(o -> {
                newMaster = o.endpoint();
                switchAt = now;
            });
        }

        @Override
        public Observation observed() {
            List<String> notes = stuck
                    ? List.of("the cluster watch thread was still running " + 2 * STOP_GRACE.toSeconds()
                            + " s after it was stopped and interrupted")
                    : List.of();
            return new Observation(sdownAt, odownAt, switchAt, newMaster, notes);
        }

        @Override
        public void close() {
            running.set(false);
            stuck = !NodeOps.stopThread(thread, STOP_GRACE);
        }
    }
}

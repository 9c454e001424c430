package io.steward.ha.cluster;

import io.lettuce.core.RedisException;
import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.info.ClusterNode;
import io.steward.provision.TopologyMode;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Redis Cluster administration of the deployment a {@code steward.yaml} describes: check, fix,
 * rebalance (resumable), create, add and remove nodes, failover. Every method returns a value and
 * prints nothing; methods that change the cluster take {@code apply}: {@code false} returns what
 * would be done and changes nothing.
 *
 * <p>Commands go to each node as the configured user (normally {@code admin}), whose password also
 * authenticates {@code MIGRATE} to the target node. Not thread-safe: one operation at a time.
 */
public final class ClusterAdmin implements AutoCloseable {

    private final StewardConfig config;
    private final NodeLinks links;
    private final Clock clock;

    private ClusterAdmin(StewardConfig config, StewardClient client, Clock clock) {
        this.config = config;
        this.links = new NodeLinks(client, config.auth());
        this.clock = clock;
    }

    /**
     * An admin for {@code config}'s cluster over {@code client} (a {@link StewardClient#createForNodes}
     * client of the same config, which the caller closes after this).
     *
     * @throws ConfigException naming {@code topology.mode} when the deployment is not a cluster
     */
    public static ClusterAdmin create(StewardConfig config, StewardClient client, Clock clock) {
        if (config.topology().mode() != TopologyMode.CLUSTER) {
            throw new ConfigException(
                    "topology.mode",
                    "is " + config.topology().mode().id() + "; 'steward cluster' needs a cluster deployment"
                            + " (topology.mode: cluster)");
        }
        return new ClusterAdmin(config, client, clock);
    }

    /** Compares every node's view: ownership agreement, coverage, open slots, replicas and their hosts. */
    public ClusterCheck check() {
        ClusterView view = read();
        return new ClusterCheck(view.views().stream().map(NodeView::endpoint).toList(), CheckRules.evaluate(view));
    }

    /** Finishes or closes open slots and assigns uncovered ones (see {@link FixReport}). */
    public FixReport fix(boolean apply, RebalanceOptions options) {
        return locked(apply, "fix the cluster", () -> {
            refuseWhileRebalanceUnfinished("fix the cluster");
            return fixLocked(apply, options);
        });
    }

    private FixReport fixLocked(boolean apply, RebalanceOptions options) {
        ClusterView view = read();
        FixReport report = new ClusterRepair(links, options, seeds()).repair(view, apply);
        // a refused slot stays uncovered or open: waiting for full coverage would only time out
        if (apply && !report.actions().isEmpty() && report.oversized().isEmpty() && !report.refusedAny()) {
            Convergence.await(
                    links,
                    seeds(),
                    Convergence.DEFAULT_TIMEOUT,
                    "every node to agree after the fix",
                    v -> v.agreed()
                            && CheckRules.evaluate(v).stream()
                                    .noneMatch(f -> f.name().equals("slot-coverage")
                                            && f.severity() != io.steward.ops.health.Severity.OK));
        }
        return report;
    }

    /** The rebalance left unfinished by an earlier run, if any. */
    public Optional<RebalanceProgress> unfinishedRebalance() {
        return store().load();
    }

    /**
     * Plans a rebalance, or resumes the unfinished one, and with {@code apply} carries it out.
     * Without {@code apply} the plan (or the unfinished one, state {@code RUNNING}) is returned and
     * nothing changes.
     *
     * @param listener told before each move, and at the end
     */
    public RebalanceProgress rebalance(RebalanceOptions options, boolean apply, Consumer<RebalanceProgress> listener) {
        return locked(apply, "rebalance", () -> rebalanceLocked(options, apply, listener));
    }

    private RebalanceProgress rebalanceLocked(
            RebalanceOptions options, boolean apply, Consumer<RebalanceProgress> listener) {
        Optional<RebalanceProgress> unfinished = store().load();
        if (unfinished.isPresent()) {
            RebalanceProgress resumed = unfinished.get().asResumed();
            return apply ? new RebalanceRun(links, store(), options, seeds()).run(resumed, listener) : resumed;
        }
        ClusterView view = read();
        refuseUnlessSettled(view);
        RebalancePlan plan =
                switch (options.by()) {
                    case SLOTS -> RebalancePlanner.bySlots(loads(view, false), options.thresholdPct(), clock.instant());
                    case MEMORY ->
                        RebalancePlanner.byMemory(loads(view, true), options.thresholdPct(), clock.instant());
                    case DRAIN ->
                        throw new ConfigException(
                                "--by", "drain is done by 'remove-node --drain'; use slots or memory");
                };
        return startPlan(plan, options, apply, listener);
    }

    /** Drops the unfinished rebalance; an open slot it left is then for {@link #fix} to finish. */
    public boolean abandonRebalance() {
        return locked(true, "abandon the rebalance", () -> store().delete());
    }

    private RebalanceProgress startPlan(
            RebalancePlan plan, RebalanceOptions options, boolean apply, Consumer<RebalanceProgress> listener) {
        RebalanceProgress start = RebalanceProgress.start(plan, RebalanceProgress.State.PLANNED);
        if (!apply || plan.isEmpty()) {
            return plan.isEmpty() ? start.with(RebalanceProgress.State.DONE, 0, 0, 0, List.of()) : start;
        }
        store().save(start.with(RebalanceProgress.State.RUNNING, 0, 0, 0, List.of()));
        return new RebalanceRun(links, store(), options, seeds()).run(start, listener);
    }

    private void refuseUnlessSettled(ClusterView view) {
        List<ClusterFinding> blocking = CheckRules.evaluate(view).stream()
                .filter(f -> f.severity() == io.steward.ops.health.Severity.CRITICAL
                        || f.name().equals("open-slots") && f.severity() != io.steward.ops.health.Severity.OK)
                .toList();
        if (!blocking.isEmpty()) {
            ClusterFinding first = blocking.get(0);
            throw new ClusterAdminException("cannot move slots while the cluster is not settled: " + first.target()
                    + ": " + first.detail() + "; " + first.fix());
        }
    }

    private List<MasterLoad> loads(ClusterView view, boolean memory) {
        return view.liveMasters().stream().map(m -> load(m, memory)).toList();
    }

    private MasterLoad load(ClusterNode master, boolean memory) {
        if (!memory) {
            return new MasterLoad(master.id(), master.endpoint(), master.slotSet(), 0, 0, java.util.Map.of());
        }
        var commands = links.on(master.endpoint());
        String info = commands.info("memory");
        java.util.Map<Integer, Long> keys = new java.util.HashMap<>();
        java.util.BitSet slots = master.slotSet();
        for (int s = slots.nextSetBit(0); s >= 0; s = slots.nextSetBit(s + 1)) {
            long count = commands.clusterCountKeysInSlot(s);
            if (count > 0) {
                keys.put(s, count);
            }
        }
        return new MasterLoad(
                master.id(),
                master.endpoint(),
                slots,
                infoLong(info, "used_memory"),
                infoLong(info, "used_memory_dataset"),
                keys);
    }

    private static long infoLong(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).strip());
            }
        }
        return 0;
    }

    /**
     * Forms a cluster from empty cluster-enabled nodes: the first {@code nodes.size() / (replicas + 1)}
     * are masters sharing the slots evenly, the rest replicas round-robin over them.
     *
     * @throws ConfigException when fewer than 3 masters would result, the count does not divide, or a
     *                         node is not empty, not cluster-enabled or already in a cluster; nothing
     *                         is changed then
     */
    public ClusterChange createCluster(List<HostAndPort> nodes, int replicas) {
        return new Membership(links, config, this::read).create(nodes, replicas);
    }

    /**
     * Adds an empty cluster-enabled node: as a master without slots (rebalance gives it some), or as a
     * replica of {@code replicaOf} (HOST:PORT or node id).
     */
    public ClusterChange addNode(HostAndPort node, String replicaOf) {
        return locked(true, "add a node", () -> new Membership(links, config, this::read).add(node, replicaOf));
    }

    /**
     * Removes a node: refuses a master still serving slots unless {@code drain}, which first moves
     * its slots to the other masters (resumable like a rebalance); then makes its replicas follow
     * another master, resets it, has every other node forget it, and shuts it down if asked.
     */
    public ClusterChange removeNode(
            HostAndPort node, boolean drain, boolean shutdown, boolean apply, RebalanceOptions options) {
        return locked(apply, "remove a node", () -> {
            if (drain) {
                refuseWhileRebalanceUnfinished("drain " + node);
            }
            return removeNodeLocked(node, drain, shutdown, apply, options);
        });
    }

    private ClusterChange removeNodeLocked(
            HostAndPort node, boolean drain, boolean shutdown, boolean apply, RebalanceOptions options) {
        ClusterView view = read();
        ClusterNode leaving = view.byEndpoint(node).orElseThrow(() -> unknown(node.toString(), view));
        if (leaving.isMaster() && leaving.slots() > 0) {
            if (!drain) {
                throw new ClusterAdminException(node + " is a master serving " + leaving.slots()
                        + " slots; move them away first: 'steward cluster remove-node " + node
                        + " --drain --confirm' (or 'steward cluster rebalance' after moving them yourself)");
            }
            if (apply) {
                refuseUnlessSettled(view);
                List<MasterLoad> others = view.liveMasters().stream()
                        .filter(m -> !m.id().equals(leaving.id()))
                        .map(m -> load(m, false))
                        .toList();
                if (others.isEmpty()) {
                    throw new ClusterAdminException(node + " is the only master; there is nowhere to drain it to");
                }
                RebalanceProgress drained = startPlan(
                        RebalancePlanner.drain(load(leaving, false), others, clock.instant()), options, true, p -> {});
                if (drained.state() != RebalanceProgress.State.DONE) {
                    throw new ClusterAdminException("draining " + node + " stopped: "
                            + drained.oversized().size()
                            + " key(s) MIGRATE refused (e.g. "
                            + drained.oversized().get(0).key()
                            + "); raise --timeout-ms and run 'steward cluster rebalance --confirm' to finish");
                }
            }
        }
        return new Membership(links, config, this::read).remove(leaving, shutdown, apply);
    }

    /**
     * {@code CLUSTER FAILOVER} on a replica; waits until it is master and every node agrees.
     *
     * @throws ConfigException when {@code replica} is unknown or not a replica
     */
    public ClusterChange failover(HostAndPort replica, boolean apply) {
        return locked(apply, "fail over", () -> new Membership(links, config, this::read).failover(replica, apply));
    }

    static ConfigException unknown(String node, ClusterView view) {
        return new ConfigException(
                "HOST:PORT", node + " is not a node of this cluster; known: " + view.knownEndpoints());
    }

    private ClusterView read() {
        return ClusterView.read(links, seeds());
    }

    private List<HostAndPort> seeds() {
        return config.topology().nodes();
    }

    /**
     * Runs {@code body} holding the cluster lock when {@code apply}: two commands changing slots or
     * membership at once can lose keys. A dry run changes nothing and takes no lock.
     */
    private <T> T locked(boolean apply, String operation, java.util.function.Supplier<T> body) {
        if (!apply) {
            return body.get();
        }
        ClusterLock lock = ClusterLock.acquire(config.baseDir(), operation);
        try {
            return body.get();
        } finally {
            lock.close();
        }
    }

    /** A half-done rebalance owns its open slot: fixing or draining around it could undo its moves. */
    private void refuseWhileRebalanceUnfinished(String operation) {
        if (java.nio.file.Files.exists(store().file())) {
            throw new ClusterAdminException("cannot " + operation + " while a rebalance is unfinished ("
                    + store().file() + "); run 'steward cluster rebalance --confirm' to finish it"
                    + " or 'steward cluster rebalance --abandon' to drop it");
        }
    }

    /** The deployment's base folder, where {@code ha/rebalance.json} and {@code ha/cluster.lock} live. */
    java.nio.file.Path unfinishedRebalanceHome() {
        return config.baseDir();
    }

    private RebalanceStore store() {
        return new RebalanceStore(config.baseDir());
    }

    @Override
    public void close() {
        links.close();
    }

    static boolean answers(NodeLinks links, HostAndPort node) {
        try {
            links.on(node).ping();
            return true;
        } catch (StewardException | RedisException e) {
            return false;
        }
    }
}

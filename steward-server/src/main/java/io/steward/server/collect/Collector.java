package io.steward.server.collect;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.monitor.alert.Observation;
import io.steward.monitor.history.Event;
import io.steward.monitor.history.EventKind;
import io.steward.monitor.history.LatencyEvent;
import io.steward.monitor.history.NodeSample;
import io.steward.monitor.history.SlowlogEntry;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.info.InfoSnapshot;
import io.steward.provision.TopologyMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs collection rounds over one deployment. Nodes come from {@code steward.yaml}, from what the
 * Sentinels name and from {@code CLUSTER NODES}; a node once seen stays in the view (as down) until
 * the daemon restarts, so a killed master does not silently vanish.
 *
 * <p>Per data node a round sends {@code INFO}, {@code SLOWLOG GET} and {@code LATENCY LATEST}, pipelined;
 * per Sentinel {@code INFO}, {@code SENTINEL MASTER} and {@code CKQUORUM}, plus {@code SENTINEL REPLICAS} to one
 * Sentinel. Every server is asked at once and has {@link #NODE_BUDGET} to answer: one whose replies do
 * not arrive in time (hung, paused, unreachable) is reported down for the round and its connection is
 * dropped, to be opened again in the background, while the others are collected as usual. A round
 * therefore waits at most one budget for the Sentinels (or a cluster seed) and one for the data nodes.
 *
 * <p>Not thread-safe: the daemon's scheduler runs one round at a time.
 */
public final class Collector implements AutoCloseable {

    /**
     * The hit ratio the {@code low-hit-ratio} rule judges is over about this much recent time, not
     * since the node started, so a drop on a long-running node shows.
     */
    static final Duration HIT_RATIO_WINDOW = Duration.ofMinutes(1);

    /** How long a round waits for one server's replies before it reports the server down for the round. */
    public static final Duration NODE_BUDGET = Duration.ofSeconds(2);

    private final StewardConfig config;
    private final Clock clock;
    private final Supplier<Optional<Duration>> backupAge;

    private final PipelinedProbe probe;
    private final Set<HostAndPort> known = new LinkedHashSet<>();
    private final Map<HostAndPort, NodeMemory> memory = new HashMap<>();
    private final MasterTracker masters;
    private final BooleanSupplier announcing;

    /** What the previous rounds saw of one node, for deltas and de-duplication. */
    private static final class NodeMemory {
        long uptime = -1;
        long evicted = -1;
        long slowlogId = -1;
        final Map<String, Long> latencySeen = new HashMap<>();
        /** {@code [millis, keyspace_hits, keyspace_misses]} of the rounds in the hit-ratio window. */
        final ArrayDeque<long[]> lookups = new ArrayDeque<>();

        /** Counters, slowlog ids and latency timestamps start over when a node restarts. */
        void restarted() {
            lookups.clear();
            evicted = -1;
            slowlogId = -1;
            latencySeen.clear();
        }
    }

    /**
     * A collector that finds failovers by polling alone.
     *
     * @param backupAge time since the newest good backup, or empty when backups are not expected
     *                  (none scheduled); feeds the {@code backup-overdue} rule
     */
    public Collector(StewardConfig config, StewardClient client, Clock clock, Supplier<Optional<Duration>> backupAge) {
        this(config, client, clock, backupAge, new MasterTracker(), () -> false);
    }

    /**
     * @param backupAge  time since the newest good backup, or empty when backups are not expected
     *                   (none scheduled); feeds the {@code backup-overdue} rule
     * @param masters    the master and failovers as announced (shared with the Sentinel subscription);
     *                   rounds reconcile what they poll with it
     * @param announcing whether Sentinel announcements can arrive now; while they cannot, a master
     *                   polled by a round is taken at once (the fallback)
     */
    public Collector(
            StewardConfig config,
            StewardClient client,
            Clock clock,
            Supplier<Optional<Duration>> backupAge,
            MasterTracker masters,
            BooleanSupplier announcing) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backupAge = Objects.requireNonNull(backupAge, "backupAge");
        this.masters = Objects.requireNonNull(masters, "masters");
        this.announcing = Objects.requireNonNull(announcing, "announcing");
        this.probe = new PipelinedProbe(Objects.requireNonNull(client, "client"), NODE_BUDGET);
        known.addAll(config.topology().nodes());
    }

    /** One round over every known node and Sentinel. */
    public CollectionRound collect() {
        Instant at = clock.instant();
        List<Event> events = new ArrayList<>();
        List<SentinelState> sentinels = new ArrayList<>();
        String clusterState = null;
        switch (config.topology().mode()) {
            case SENTINEL ->
                sentinels.addAll(probe.probeSentinels(
                        config.topology().sentinels(), config.topology().masterName(), known));
            case CLUSTER -> clusterState = probe.discoverCluster(known);
            case STANDALONE -> {
                // the configured nodes are all there is
            }
        }
        List<PipelinedProbe.Answer> answers = probe.probeNodes(known);
        List<NodeState> nodes =
                answers.stream().map(PipelinedProbe.Answer::state).toList();
        HostAndPort master = reconcileMaster(master(nodes, sentinels), at, events);
        TopologyView view =
                new TopologyView(config.name(), config.topology().mode(), at, master, nodes, sentinels, clusterState);

        List<NodeSample> samples = new ArrayList<>();
        List<SlowlogEntry> slowlog = new ArrayList<>();
        List<LatencyEvent> latency = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        for (PipelinedProbe.Answer answer : answers) {
            NodeState node = answer.state();
            NodeMemory seen = memory.computeIfAbsent(node.address(), a -> new NodeMemory());
            if (!node.isUp()) {
                observations.add(
                        Observation.builder(node.address().toString()).up(false).build());
                continue;
            }
            samples.add(new NodeSample(node.address().toString(), at, node.fields()));
            boolean firstSight = seen.uptime < 0;
            long uptime = node.info().uptimeSeconds().orElse(-1);
            if (!firstSight && uptime >= 0 && uptime < seen.uptime) {
                events.add(new Event(
                        at,
                        EventKind.NODE_RESTART,
                        node.address().toString(),
                        "uptime went from " + seen.uptime + " s to " + uptime + " s"));
                seen.restarted();
            }
            seen.uptime = uptime;
            int fresh = newSlowlog(answer.slowlog(), seen, slowlog);
            // entries older than the daemon are stored but do not count as new for the slowlog rule
            observations.add(nodeObservation(node, seen, firstSight ? 0 : fresh));
            latency.addAll(newLatency(answer.latency(), seen));
        }
        // a switch announced or polled within the last interval: the alert fires once and resolves a round later
        for (SentinelState sentinel : sentinels) {
            Observation.Builder o =
                    Observation.builder("sentinel " + sentinel.address()).up(sentinel.isUp());
            if (sentinel.isUp()) {
                o.sentinelQuorumOk(sentinel.quorumOk()).sentinelTilt(sentinel.tilt());
            }
            observations.add(o.build());
        }
        observations.add(deploymentObservation(clusterState, at));
        return new CollectionRound(view, samples, slowlog, latency, events, observations, probe.takeCommandCount());
    }

    private Observation nodeObservation(NodeState node, NodeMemory seen, int newSlowlogEntries) {
        InfoSnapshot info = node.info();
        Observation.Builder o = Observation.builder(node.address().toString())
                .up(true)
                .role(node.role())
                .dataRole(config.topology().role().id())
                .newSlowlogEntries(newSlowlogEntries);
        long max = info.maxMemory().orElse(0);
        long used = info.usedMemory().orElse(0);
        if (max > 0) {
            o.memoryRatio((double) used / max);
        }
        if (!node.isMaster()) {
            info.masterLinkStatus().ifPresent(s -> o.masterLinkUp("up".equals(s)));
        }
        if (info.aofEnabled().orElse(false)) {
            info.aofLastWriteStatus().ifPresent(s -> o.aofLastWriteOk("ok".equals(s)));
        }
        info.rdbLastBgsaveStatus().ifPresent(s -> o.rdbLastBgsaveOk("ok".equals(s)));
        info.connectedClients().ifPresent(o::connectedClients);
        seen.lookups.addLast(new long[] {
            clock.millis(), info.keyspaceHits().orElse(0), info.keyspaceMisses().orElse(0)
        });
        while (seen.lookups.size() > 2 && clock.millis() - seen.lookups.peekFirst()[0] > HIT_RATIO_WINDOW.toMillis()) {
            seen.lookups.removeFirst();
        }
        long[] first = seen.lookups.peekFirst();
        long[] last = seen.lookups.peekLast();
        long hits = last[1] - first[1];
        long lookups = hits + last[2] - first[2];
        if (lookups > 0) {
            o.hitRatio((double) hits / lookups, lookups);
        }
        info.memFragmentationRatio().ifPresent(f -> o.fragmentation(f, used));
        long evicted = info.evictedKeys().orElse(0);
        o.evictedKeysDelta(seen.evicted < 0 || evicted < seen.evicted ? 0 : evicted - seen.evicted);
        seen.evicted = evicted;
        return o.build();
    }

    /** Adds the entries newer than the last seen id to {@code out}; returns how many are new. */
    private static int newSlowlog(List<SlowlogEntry> entries, NodeMemory seen, List<SlowlogEntry> out) {
        long newest = seen.slowlogId;
        int fresh = 0;
        for (SlowlogEntry e : entries) {
            if (e.id() > seen.slowlogId) {
                out.add(e);
                fresh++;
                newest = Math.max(newest, e.id());
            }
        }
        seen.slowlogId = newest;
        return fresh;
    }

    private static List<LatencyEvent> newLatency(List<LatencyEvent> events, NodeMemory seen) {
        List<LatencyEvent> fresh = new ArrayList<>();
        for (LatencyEvent e : events) {
            Long last = seen.latencySeen.put(e.event(), e.at().getEpochSecond());
            if (last == null || last != e.at().getEpochSecond()) {
                fresh.add(e);
            }
        }
        return fresh;
    }

    /**
     * The Sentinels' majority choice in sentinel mode (a restarted old master briefly claims the role
     * before Sentinel turns it into a replica), else the only answering master.
     */
    private HostAndPort master(List<NodeState> nodes, List<SentinelState> sentinels) {
        if (config.topology().mode() == TopologyMode.CLUSTER) {
            return null;
        }
        HostAndPort chosen = sentinelMajority(sentinels);
        if (chosen != null) {
            return chosen;
        }
        List<NodeState> masters =
                nodes.stream().filter(n -> n.isUp() && n.isMaster()).toList();
        return masters.size() == 1 ? masters.get(0).address() : null;
    }

    /**
     * The master to show: the polled one unless an announcement is newer. Records a
     * {@code SWITCH_MASTER} event when the round found a switch no announcement reported (the
     * subscription was down or missed it).
     */
    private HostAndPort reconcileMaster(HostAndPort polled, Instant at, List<Event> events) {
        if (config.topology().mode() == TopologyMode.CLUSTER) {
            return null;
        }
        MasterTracker.Reconciled r = masters.reconcile(polled, at, announcing.getAsBoolean());
        if (r.switched()) {
            events.add(new Event(
                    at,
                    EventKind.SWITCH_MASTER,
                    r.master().toString(),
                    "master moved from " + r.previous() + " to " + r.master() + " (seen by polling)"));
        }
        return r.master();
    }

    private static HostAndPort sentinelMajority(List<SentinelState> sentinels) {
        Map<HostAndPort, Integer> votes = new HashMap<>();
        for (SentinelState s : sentinels) {
            if (s.isUp() && s.master() != null) {
                votes.merge(s.master(), 1, Integer::sum);
            }
        }
        int needed = sentinels.size() / 2 + 1;
        return votes.entrySet().stream()
                .filter(e -> e.getValue() >= needed)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private Observation deploymentObservation(String clusterState, Instant at) {
        Observation.Builder o = Observation.builder(config.name());
        if (config.topology().mode() != TopologyMode.STANDALONE) {
            // a switch announced or polled within the last interval: the alert fires once and resolves a round later
            masters.observe(o, at, config.schedule().metrics());
        }
        if (config.topology().mode() == TopologyMode.CLUSTER && clusterState != null) {
            o.clusterStateOk("ok".equals(clusterState));
        }
        backupAge.get().ifPresent(o::lastBackupAge);
        return o.build();
    }

    /** Closes every connection the collector holds. */
    @Override
    public void close() {
        probe.close();
    }
}

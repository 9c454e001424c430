package io.steward.server.collect;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.async.RedisSentinelAsyncCommands;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.alert.Observation;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.history.Event;
import io.steward.ops.history.EventKind;
import io.steward.ops.history.InfoSampler;
import io.steward.ops.history.LatencyEvent;
import io.steward.ops.history.NodeSample;
import io.steward.ops.history.SlowlogEntry;
import io.steward.ops.info.ClusterNode;
import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.SentinelMasterInfo;
import io.steward.provision.TopologyMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs collection rounds over one deployment. Nodes come from {@code steward.yaml}, from what the
 * Sentinels name and from {@code CLUSTER NODES}; a node once seen stays in the view (as down) until
 * the daemon restarts, so a killed master does not silently vanish.
 *
 * <p>Per data node a round sends {@code INFO}, {@code SLOWLOG GET} and {@code LATENCY LATEST}, pipelined;
 * per Sentinel {@code INFO} and {@code SENTINEL CKQUORUM}, plus {@code SENTINEL REPLICAS} to one
 * Sentinel. A node that does not answer within {@link #ROUND_TIMEOUT} is reported down and its
 * connection is dropped, to be opened again next round.
 *
 * <p>Not thread-safe: the daemon's scheduler runs one round at a time.
 */
public final class Collector implements AutoCloseable {

    /** How long one round waits for all nodes together. */
    public static final Duration ROUND_TIMEOUT = Duration.ofSeconds(2);

    /** Slowlog entries fetched per node and round; more than that between two rounds are counted, not kept. */
    static final int SLOWLOG_FETCH = 32;

    private final StewardConfig config;
    private final StewardClient client;
    private final Clock clock;
    private final Supplier<Optional<Duration>> backupAge;

    private final Map<HostAndPort, StatefulRedisConnection<String, String>> nodeLinks = new HashMap<>();
    private final Map<HostAndPort, StatefulRedisSentinelConnection<String, String>> sentinelLinks = new HashMap<>();
    private final Set<HostAndPort> known = new LinkedHashSet<>();
    private final Map<HostAndPort, NodeMemory> memory = new HashMap<>();
    private HostAndPort lastMaster;
    private int commands;

    /** What the previous rounds saw of one node, for deltas and de-duplication. */
    private static final class NodeMemory {
        long uptime = -1;
        long evicted = -1;
        long slowlogId = -1;
        final Map<String, Long> latencySeen = new HashMap<>();

        /** Slowlog ids and latency timestamps start over when a node restarts. */
        void restarted() {
            evicted = -1;
            slowlogId = -1;
            latencySeen.clear();
        }
    }

    /**
     * @param backupAge time since the newest good backup, or empty when backups are not expected
     *                  (none scheduled); feeds the {@code backup-overdue} rule
     */
    public Collector(StewardConfig config, StewardClient client, Clock clock, Supplier<Optional<Duration>> backupAge) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.backupAge = Objects.requireNonNull(backupAge, "backupAge");
        known.addAll(config.topology().nodes());
    }

    /** One round over every known node and Sentinel. */
    public CollectionRound collect() {
        Instant at = clock.instant();
        commands = 0;
        List<Event> events = new ArrayList<>();
        List<SentinelState> sentinels = new ArrayList<>();
        String clusterState = null;
        switch (config.topology().mode()) {
            case SENTINEL -> sentinels.addAll(probeSentinels());
            case CLUSTER -> clusterState = discoverCluster();
            case STANDALONE -> {
                // the configured nodes are all there is
            }
        }
        List<Answer> answers = probeNodes();
        List<NodeState> nodes = answers.stream().map(Answer::state).toList();
        HostAndPort master = master(nodes, sentinels);
        TopologyView view =
                new TopologyView(config.name(), config.topology().mode(), at, master, nodes, sentinels, clusterState);

        List<NodeSample> samples = new ArrayList<>();
        List<SlowlogEntry> slowlog = new ArrayList<>();
        List<LatencyEvent> latency = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        for (Answer answer : answers) {
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
        boolean failover = detectMasterChange(view, at, events);
        for (SentinelState sentinel : sentinels) {
            Observation.Builder o =
                    Observation.builder("sentinel " + sentinel.address()).up(sentinel.isUp());
            if (sentinel.isUp()) {
                o.sentinelQuorumOk(sentinel.quorumOk()).sentinelTilt(sentinel.tilt());
            }
            observations.add(o.build());
        }
        observations.add(deploymentObservation(clusterState, failover));
        return new CollectionRound(view, samples, slowlog, latency, events, observations, commands);
    }

    // ---- data nodes ----

    private record Pending(
            HostAndPort address,
            RedisFuture<String> info,
            RedisFuture<List<Object>> slowlog,
            RedisFuture<List<Object>> latency,
            long startNanos) {}

    private List<Answer> probeNodes() {
        Map<HostAndPort, NodeState> failed = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (HostAndPort address : known) {
            try {
                RedisAsyncCommands<String, String> redis =
                        nodeLinks.computeIfAbsent(address, client::connectNode).async();
                pending.add(new Pending(
                        address,
                        redis.info(),
                        redis.slowlogGet(SLOWLOG_FETCH),
                        latencyLatest(redis),
                        System.nanoTime()));
                commands += 3;
            } catch (StewardException | io.lettuce.core.RedisException e) {
                failed.put(address, NodeState.down(address, describe(e)));
            }
        }
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        Map<HostAndPort, Answer> answered = new HashMap<>();
        for (Pending p : pending) {
            try {
                InfoSnapshot info = InfoSnapshot.parse(await(p.info(), deadline));
                Duration roundTrip = Duration.ofNanos(System.nanoTime() - p.startNanos());
                String role = info.isMaster()
                        ? "master"
                        : info.role().map(Collector::roleName).orElse("unknown");
                NodeState state = new NodeState(p.address(), role, null, info, InfoSampler.fields(info), roundTrip);
                String node = p.address().toString();
                answered.put(
                        p.address(),
                        new Answer(
                                state,
                                RedisReplies.slowlog(node, awaitOrNull(p.slowlog(), deadline)),
                                RedisReplies.latency(node, awaitOrNull(p.latency(), deadline))));
            } catch (CollectFailure e) {
                dropNode(p.address());
                failed.put(p.address(), NodeState.down(p.address(), e.getMessage()));
            }
        }
        List<Answer> answers = new ArrayList<>();
        for (HostAndPort address : known) {
            answers.add(
                    answered.containsKey(address)
                            ? answered.get(address)
                            : new Answer(failed.get(address), List.of(), List.of()));
        }
        return answers;
    }

    /** A node's state with the slowlog and latency entries it reported this round. */
    private record Answer(NodeState state, List<SlowlogEntry> slowlog, List<LatencyEvent> latency) {}

    private static String roleName(String role) {
        return "slave".equals(role) ? "replica" : role;
    }

    @SuppressWarnings("unchecked")
    private static RedisFuture<List<Object>> latencyLatest(RedisAsyncCommands<String, String> redis) {
        return (RedisFuture<List<Object>>) (RedisFuture<?>) redis.dispatch(
                Keyword.LATENCY,
                new io.lettuce.core.output.ArrayOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("LATEST"));
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
        long hits = info.keyspaceHits().orElse(0);
        long lookups = hits + info.keyspaceMisses().orElse(0);
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

    private void dropNode(HostAndPort address) {
        closeQuietly(nodeLinks.remove(address));
    }

    // ---- topology ----

    private List<SentinelState> probeSentinels() {
        String masterName = config.topology().masterName();
        List<SentinelState> states = new ArrayList<>();
        boolean replicasListed = false;
        for (HostAndPort address : config.topology().sentinels()) {
            try {
                RedisSentinelAsyncCommands<String, String> sentinel = sentinelLinks
                        .computeIfAbsent(address, client::connectSentinel)
                        .async();
                RedisFuture<String> info = sentinel.info("sentinel");
                RedisFuture<Map<String, String>> master = sentinel.master(masterName);
                RedisFuture<String> quorum = sentinel.dispatch(
                        CommandType.SENTINEL,
                        new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("CKQUORUM").add(masterName));
                RedisFuture<List<Map<String, String>>> replicas = replicasListed ? null : sentinel.replicas(masterName);
                commands += replicas == null ? 3 : 4;
                long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
                InfoSnapshot snapshot = InfoSnapshot.parse(await(info, deadline));
                HostAndPort masterAddress = snapshot.sentinelMaster(masterName)
                        .map(SentinelMasterInfo::address)
                        .orElse(null);
                Map<String, String> masterFields = awaitOrNull(master, deadline);
                boolean quorumOk = awaitOrNull(quorum, deadline) != null;
                if (replicas != null) {
                    List<Map<String, String>> listed = awaitOrNull(replicas, deadline);
                    if (listed != null) {
                        replicasListed = true;
                        listed.forEach(r -> known.add(HostAndPort.of(r.get("ip"), Integer.parseInt(r.get("port")))));
                    }
                }
                if (masterAddress != null) {
                    known.add(masterAddress);
                }
                states.add(new SentinelState(
                        address,
                        null,
                        masterAddress,
                        masterFields == null ? "" : masterFields.getOrDefault("flags", ""),
                        quorumOk,
                        snapshot.sentinelTilt().orElse(false),
                        masterFields == null
                                ? 0
                                : Integer.parseInt(masterFields.getOrDefault("num-other-sentinels", "0"))));
            } catch (StewardException | io.lettuce.core.RedisException | CollectFailure | NumberFormatException e) {
                closeQuietly(sentinelLinks.remove(address));
                states.add(SentinelState.down(address, describe(e)));
            }
        }
        return states;
    }

    /** Adds the cluster's nodes to the known set; returns {@code cluster_state}, or null when no node answered. */
    private String discoverCluster() {
        List<HostAndPort> seeds = new ArrayList<>(known);
        for (HostAndPort seed : seeds) {
            try {
                RedisAsyncCommands<String, String> redis =
                        nodeLinks.computeIfAbsent(seed, client::connectNode).async();
                RedisFuture<String> info = redis.clusterInfo();
                RedisFuture<String> nodes = redis.clusterNodes();
                commands += 2;
                long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
                String state = InfoSnapshot.parse(await(info, deadline))
                        .get("", "cluster_state")
                        .orElse("unknown");
                for (ClusterNode node : ClusterNode.parse(await(nodes, deadline))) {
                    if (node.endpoint() != null) {
                        known.add(node.endpoint());
                    }
                }
                return state;
            } catch (StewardException | io.lettuce.core.RedisException | CollectFailure e) {
                dropNode(seed);
            }
        }
        return null;
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

    /** Records a {@code SWITCH_MASTER} event when the master differs from the last round's. */
    private boolean detectMasterChange(TopologyView view, Instant at, List<Event> events) {
        HostAndPort master = view.master();
        if (master == null) {
            return false;
        }
        boolean changed = lastMaster != null && !lastMaster.equals(master);
        if (changed) {
            events.add(new Event(
                    at,
                    EventKind.SWITCH_MASTER,
                    master.toString(),
                    "master moved from " + lastMaster + " to " + master));
        }
        lastMaster = master;
        return changed;
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

    private Observation deploymentObservation(String clusterState, boolean failover) {
        Observation.Builder o = Observation.builder(config.name());
        if (config.topology().mode() != TopologyMode.STANDALONE) {
            o.failoverHappened(failover);
        }
        if (config.topology().mode() == TopologyMode.CLUSTER && clusterState != null) {
            o.clusterStateOk("ok".equals(clusterState));
        }
        backupAge.get().ifPresent(o::lastBackupAge);
        return o.build();
    }

    // ---- plumbing ----

    /** Commands Lettuce's {@link CommandType} lacks. */
    private enum Keyword implements ProtocolKeyword {
        LATENCY;

        private final byte[] bytes = name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        @Override
        public byte[] getBytes() {
            return bytes;
        }
    }

    /** A node did not answer in time or answered with an error. */
    private static final class CollectFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CollectFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static <T> T await(RedisFuture<T> future, long deadlineNanos) throws CollectFailure {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CollectFailure("no answer within " + ROUND_TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new CollectFailure(describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectFailure("interrupted");
        }
    }

    /** The reply, or null when the command failed (an error reply is an answer, not an outage). */
    private static <T> T awaitOrNull(RedisFuture<T> future, long deadlineNanos) throws CollectFailure {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CollectFailure("no answer within " + ROUND_TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectFailure("interrupted");
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }

    private static void closeQuietly(StatefulConnection<?, ?> connection) {
        if (connection != null) {
            connection.closeAsync();
        }
    }

    /** Closes every connection the collector holds. */
    @Override
    public void close() {
        nodeLinks.values().forEach(Collector::closeQuietly);
        sentinelLinks.values().forEach(Collector::closeQuietly);
        nodeLinks.clear();
        sentinelLinks.clear();
    }
}

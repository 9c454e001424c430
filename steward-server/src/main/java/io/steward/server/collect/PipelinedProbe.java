package io.steward.server.collect;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.async.RedisSentinelAsyncCommands;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.monitor.history.InfoSampler;
import io.steward.monitor.history.LatencyEvent;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.SlowlogEntry;
import io.steward.ops.info.ClusterNode;
import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.ReplicaInfo;
import io.steward.ops.info.SentinelMasterInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The collector's I/O: one long-lived connection per node and Sentinel ({@link BackgroundLinks}), the
 * round's commands sent to every server at once, pipelined, and each server's replies awaited against
 * one deadline, its time budget. A server that fails or does not answer within the budget is reported
 * down for the round and its connection dropped, to be opened again (in the background) next round;
 * the others are collected as usual, so one hung or paused server never holds up a round by more than
 * the budget. Counts the commands it sends.
 *
 * <p>The probing methods are called by one thread at a time (the collector's); replies arrive on
 * Lettuce's threads and connections open on this probe's own.
 */
final class PipelinedProbe implements AutoCloseable {

    /** Slowlog entries fetched per node and round. */
    static final int SLOWLOG_FETCH = 32;

    private final Duration budget;
    private final ExecutorService connectThreads;
    private final BackgroundLinks<StatefulRedisConnection<String, String>> nodeLinks;
    private final BackgroundLinks<StatefulRedisSentinelConnection<String, String>> sentinelLinks;
    private final AtomicInteger commands = new AtomicInteger();
    /** The Sentinel asked for the replicas; moves on when it does not answer. */
    private HostAndPort replicaSource;
    /** The seed asked for the cluster's nodes; moves on when it does not answer. */
    private HostAndPort clusterSeed;

    /** @param budget how long a round waits for one server's replies */
    PipelinedProbe(StewardClient client, Duration budget) {
        this.budget = budget;
        AtomicInteger count = new AtomicInteger();
        this.connectThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "steward-collect-connect-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.nodeLinks = new BackgroundLinks<>(client::connectNode, connectThreads);
        this.sentinelLinks = new BackgroundLinks<>(client::connectSentinel, connectThreads);
    }

    /** Commands sent since the last call, which resets the count. */
    int takeCommandCount() {
        return commands.getAndSet(0);
    }

    // ---- data nodes ----

    /** A data node's replies; {@code slowlog} and {@code latency} are null when the node refused them. */
    private record NodeReplies(String info, List<Object> slowlog, List<Object> latency, Duration roundTrip) {}

    /** A node's state with the slowlog and latency entries it reported this round. */
    record Answer(NodeState state, List<SlowlogEntry> slowlog, List<LatencyEvent> latency) {}

    /**
     * Sends INFO, SLOWLOG GET and LATENCY LATEST to every node in {@code nodes} at once, pipelined, and
     * gives each the budget to answer; answers come back in the order of {@code nodes}.
     */
    List<Answer> probeNodes(Collection<HostAndPort> nodes) {
        long deadline = System.nanoTime() + budget.toNanos();
        Map<HostAndPort, CompletableFuture<NodeReplies>> inFlight = new LinkedHashMap<>();
        for (HostAndPort address : nodes) {
            inFlight.put(address, nodeLinks.get(address).thenCompose(this::sendNodeCommands));
        }
        List<Answer> answers = new ArrayList<>();
        inFlight.forEach((address, replies) -> {
            try {
                answers.add(answer(address, await(replies, deadline)));
            } catch (CollectFailure e) {
                nodeLinks.drop(address);
                answers.add(new Answer(NodeState.down(address, e.getMessage()), List.of(), List.of()));
            }
        });
        return answers;
    }

    private CompletionStage<NodeReplies> sendNodeCommands(StatefulRedisConnection<String, String> connection) {
        RedisAsyncCommands<String, String> redis = connection.async();
        long start = System.nanoTime();
        RedisFuture<String> info = redis.info();
        CompletableFuture<List<Object>> slowlog = orNull(redis.slowlogGet(SLOWLOG_FETCH));
        CompletableFuture<List<Object>> latency = orNull(latencyLatest(redis));
        commands.addAndGet(3);
        // completes when the last reply arrives, so the round trip excludes waiting for other nodes
        return CompletableFuture.allOf(info.toCompletableFuture(), slowlog, latency)
                .thenApply(done -> new NodeReplies(
                        info.toCompletableFuture().join(),
                        slowlog.join(),
                        latency.join(),
                        Duration.ofNanos(System.nanoTime() - start)));
    }

    private static Answer answer(HostAndPort address, NodeReplies replies) {
        InfoSnapshot info = InfoSnapshot.parse(replies.info());
        String role = info.isMaster()
                ? "master"
                : info.role().map(PipelinedProbe::roleName).orElse("unknown");
        Map<String, Double> fields = new LinkedHashMap<>(InfoSampler.fields(info));
        fields.put(MetricField.ROUND_TRIP_MILLIS, replies.roundTrip().toNanos() / 1e6);
        NodeState state = new NodeState(address, role, null, info, fields, replies.roundTrip());
        String node = address.toString();
        return new Answer(
                state, RedisReplies.slowlog(node, replies.slowlog()), RedisReplies.latency(node, replies.latency()));
    }

    private static String roleName(String role) {
        return "slave".equals(role) ? "replica" : role;
    }

    @SuppressWarnings("unchecked")
    private static RedisFuture<List<Object>> latencyLatest(RedisAsyncCommands<String, String> redis) {
        return (RedisFuture<List<Object>>) (RedisFuture<?>) redis.dispatch(
                Latency.KEYWORD,
                new ArrayOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("LATEST"));
    }

    // ---- sentinels ----

    /** A Sentinel's replies; all but {@code info} are null when refused, {@code replicas} also when not asked. */
    private record SentinelReplies(
            String info, Map<String, String> master, String quorum, List<Map<String, String>> replicas) {}

    /**
     * Sends INFO, SENTINEL MASTER and CKQUORUM to every Sentinel at once (and SENTINEL REPLICAS to one of
     * them), giving each the budget to answer; the master and replicas they name are added to
     * {@code discovered}.
     */
    List<SentinelState> probeSentinels(List<HostAndPort> sentinels, String masterName, Set<HostAndPort> discovered) {
        if (sentinels.isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + budget.toNanos();
        HostAndPort lister =
                replicaSource != null && sentinels.contains(replicaSource) ? replicaSource : sentinels.get(0);
        Map<HostAndPort, CompletableFuture<SentinelReplies>> inFlight = new LinkedHashMap<>();
        for (HostAndPort address : sentinels) {
            boolean listReplicas = address.equals(lister);
            inFlight.put(
                    address,
                    sentinelLinks.get(address).thenCompose(c -> sendSentinelCommands(c, masterName, listReplicas)));
        }
        List<SentinelState> states = new ArrayList<>();
        boolean listed = false;
        for (Map.Entry<HostAndPort, CompletableFuture<SentinelReplies>> e : inFlight.entrySet()) {
            HostAndPort address = e.getKey();
            try {
                SentinelReplies replies = await(e.getValue(), deadline);
                SentinelState state = sentinelState(address, masterName, replies);
                if (state.master() != null) {
                    discovered.add(state.master());
                }
                if (replies.replicas() != null) {
                    replies.replicas().stream()
                            .filter(ReplicaInfo::isListening)
                            .forEach(r -> discovered.add(HostAndPort.of(r.get("ip"), Integer.parseInt(r.get("port")))));
                    listed = true;
                }
                states.add(state);
            } catch (CollectFailure | IllegalArgumentException failure) {
                sentinelLinks.drop(address);
                states.add(SentinelState.down(address, describe(failure)));
            }
        }
        replicaSource = listed ? lister : nextAnswering(sentinels, lister, states);
        return states;
    }

    private CompletionStage<SentinelReplies> sendSentinelCommands(
            StatefulRedisSentinelConnection<String, String> connection, String masterName, boolean listReplicas) {
        RedisSentinelAsyncCommands<String, String> sentinel = connection.async();
        RedisFuture<String> info = sentinel.info("sentinel");
        CompletableFuture<Map<String, String>> master = orNull(sentinel.master(masterName));
        CompletableFuture<String> quorum = orNull(sentinel.dispatch(
                CommandType.SENTINEL,
                new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("CKQUORUM").add(masterName)));
        CompletableFuture<List<Map<String, String>>> replicas =
                listReplicas ? orNull(sentinel.replicas(masterName)) : CompletableFuture.completedFuture(null);
        commands.addAndGet(listReplicas ? 4 : 3);
        return CompletableFuture.allOf(info.toCompletableFuture(), master, quorum, replicas)
                .thenApply(done -> new SentinelReplies(
                        info.toCompletableFuture().join(), master.join(), quorum.join(), replicas.join()));
    }

    private static SentinelState sentinelState(HostAndPort address, String masterName, SentinelReplies replies) {
        InfoSnapshot snapshot = InfoSnapshot.parse(replies.info());
        HostAndPort masterAddress = snapshot.sentinelMaster(masterName)
                .map(SentinelMasterInfo::address)
                .orElse(null);
        Map<String, String> master = replies.master();
        return new SentinelState(
                address,
                null,
                masterAddress,
                master == null ? "" : master.getOrDefault("flags", ""),
                replies.quorum() != null,
                snapshot.sentinelTilt().orElse(false),
                master == null ? 0 : Integer.parseInt(master.getOrDefault("num-other-sentinels", "0")));
    }

    /** The first Sentinel after {@code current} (in order, wrapping) that answered, else the next one. */
    private static HostAndPort nextAnswering(
            List<HostAndPort> sentinels, HostAndPort current, List<SentinelState> states) {
        int from = sentinels.indexOf(current);
        for (int i = 1; i <= sentinels.size(); i++) {
            SentinelState candidate = states.get((from + i) % sentinels.size());
            if (candidate.isUp()) {
                return candidate.address();
            }
        }
        return sentinels.get((from + 1) % sentinels.size());
    }

    // ---- cluster ----

    /** A seed's CLUSTER INFO and CLUSTER NODES. */
    private record ClusterReplies(String info, String nodes) {}

    /**
     * Asks one seed for CLUSTER INFO and CLUSTER NODES: the one that answered last time, else the first
     * of {@code discovered} whose connection is open, trying the next on an error while the budget
     * lasts. Adds the nodes to {@code discovered} and returns {@code cluster_state}, or null when no
     * seed answered; a seed that did not is not asked first next round.
     */
    String discoverCluster(Set<HostAndPort> discovered) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (HostAndPort seed : seedsInOrder(discovered)) {
            if (System.nanoTime() - deadline >= 0) {
                break;
            }
            try {
                ClusterReplies replies = await(nodeLinks.get(seed).thenCompose(this::sendClusterCommands), deadline);
                String state = InfoSnapshot.parse(replies.info())
                        .get("", "cluster_state")
                        .orElse("unknown");
                for (ClusterNode node : ClusterNode.parse(replies.nodes())) {
                    if (node.endpoint() != null) {
                        discovered.add(node.endpoint());
                    }
                }
                clusterSeed = seed;
                return state;
            } catch (CollectFailure | IllegalArgumentException e) {
                nodeLinks.drop(seed);
                if (seed.equals(clusterSeed)) {
                    clusterSeed = null;
                }
            }
        }
        return null;
    }

    private List<HostAndPort> seedsInOrder(Set<HostAndPort> discovered) {
        List<HostAndPort> seeds = new ArrayList<>();
        if (clusterSeed != null && discovered.contains(clusterSeed)) {
            seeds.add(clusterSeed);
        }
        discovered.stream()
                .filter(nodeLinks::isOpen)
                .filter(s -> !seeds.contains(s))
                .forEach(seeds::add);
        discovered.stream().filter(s -> !seeds.contains(s)).forEach(seeds::add);
        return seeds;
    }

    private CompletionStage<ClusterReplies> sendClusterCommands(StatefulRedisConnection<String, String> connection) {
        RedisAsyncCommands<String, String> redis = connection.async();
        RedisFuture<String> info = redis.clusterInfo();
        RedisFuture<String> nodes = redis.clusterNodes();
        commands.addAndGet(2);
        return info.thenCombine(nodes, ClusterReplies::new);
    }

    // ---- waiting ----

    /**
     * {@code LATENCY}, which Lettuce's {@link CommandType} lacks. A class rather than an enum: an enum's
     * {@code name()} would override the deprecated one of {@link ProtocolKeyword}.
     */
    private static final class Latency implements ProtocolKeyword {

        static final Latency KEYWORD = new Latency();

        private static final byte[] BYTES = "LATENCY".getBytes(StandardCharsets.US_ASCII);

        @Override
        public byte[] getBytes() {
            return BYTES.clone();
        }

        @Override
        public String toString() {
            return "LATENCY";
        }
    }

    /** A server did not answer within its budget, could not be reached or answered with an error. */
    private static final class CollectFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CollectFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The replies, waiting at most until {@code deadlineNanos}. */
    private <T> T await(CompletableFuture<T> replies, long deadlineNanos) throws CollectFailure {
        try {
            return replies.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new CollectFailure("no answer within " + budget.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new CollectFailure(describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectFailure("interrupted");
        }
    }

    /** The reply, or null when the command failed: an error reply is an answer, not an outage. */
    private static <T> CompletableFuture<T> orNull(CompletionStage<T> reply) {
        return reply.toCompletableFuture().exceptionally(error -> null);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }

    /** Closes every connection and stops the connect threads. */
    @Override
    public void close() {
        nodeLinks.close();
        sentinelLinks.close();
        connectThreads.shutdownNow();
    }
}

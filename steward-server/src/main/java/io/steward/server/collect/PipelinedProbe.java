package io.steward.server.collect;

import io.lettuce.core.RedisException;
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
import io.steward.monitor.history.InfoSampler;
import io.steward.monitor.history.LatencyEvent;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.SlowlogEntry;
import io.steward.ops.info.ClusterNode;
import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.SentinelMasterInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The collector's I/O: one long-lived connection per node and Sentinel, the round's commands sent
 * pipelined, replies awaited against one deadline. A node that fails or does not answer in time is
 * reported down and its connection dropped, to be opened again next round. Counts the commands it
 * sends. Not thread-safe.
 */
final class PipelinedProbe implements AutoCloseable {

    /** Slowlog entries fetched per node and round. */
    static final int SLOWLOG_FETCH = 32;

    private final StewardClient client;
    private final Duration timeout;
    private final Map<HostAndPort, StatefulRedisConnection<String, String>> nodeLinks = new HashMap<>();
    private final Map<HostAndPort, StatefulRedisSentinelConnection<String, String>> sentinelLinks = new HashMap<>();
    private int commands;

    PipelinedProbe(StewardClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Commands sent since the last call, which resets the count. */
    int takeCommandCount() {
        int sent = commands;
        commands = 0;
        return sent;
    }

    /**
     * One node's commands in flight. {@code answeredNanos} is set when the last reply arrives, so the
     * round trip does not include the time spent waiting for other nodes' replies.
     */
    private record Pending(
            HostAndPort address,
            RedisFuture<String> info,
            RedisFuture<List<Object>> slowlog,
            RedisFuture<List<Object>> latency,
            long startNanos,
            AtomicLong answeredNanos) {

        Duration roundTrip() {
            long end = answeredNanos.get();
            return Duration.ofNanos((end != 0 ? end : System.nanoTime()) - startNanos);
        }
    }

    /**
     * Sends INFO, SLOWLOG GET and LATENCY LATEST to every node in {@code nodes}, pipelined, and
     * waits for all of them together; answers come back in the order of {@code nodes}.
     */
    List<Answer> probeNodes(Collection<HostAndPort> nodes) {
        Map<HostAndPort, NodeState> failed = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        for (HostAndPort address : nodes) {
            try {
                RedisAsyncCommands<String, String> redis =
                        nodeLinks.computeIfAbsent(address, client::connectNode).async();
                long start = System.nanoTime();
                RedisFuture<String> info = redis.info();
                RedisFuture<List<Object>> slowlog = redis.slowlogGet(SLOWLOG_FETCH);
                RedisFuture<List<Object>> latency = latencyLatest(redis);
                AtomicLong answered = new AtomicLong();
                latency.whenComplete((reply, error) -> answered.set(System.nanoTime()));
                pending.add(new Pending(address, info, slowlog, latency, start, answered));
                commands += 3;
            } catch (StewardException | RedisException e) {
                failed.put(address, NodeState.down(address, describe(e)));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<HostAndPort, Answer> answered = new HashMap<>();
        for (Pending p : pending) {
            try {
                InfoSnapshot info = InfoSnapshot.parse(await(p.info(), deadline));
                String role = info.isMaster()
                        ? "master"
                        : info.role().map(PipelinedProbe::roleName).orElse("unknown");
                Map<String, Double> fields = new LinkedHashMap<>(InfoSampler.fields(info));
                List<Object> slowlog = awaitOrNull(p.slowlog(), deadline);
                List<Object> latency = awaitOrNull(p.latency(), deadline);
                Duration roundTrip = p.roundTrip();
                fields.put(MetricField.ROUND_TRIP_MILLIS, roundTrip.toNanos() / 1e6);
                NodeState state = new NodeState(p.address(), role, null, info, fields, roundTrip);
                String node = p.address().toString();
                answered.put(
                        p.address(),
                        new Answer(state, RedisReplies.slowlog(node, slowlog), RedisReplies.latency(node, latency)));
            } catch (CollectFailure e) {
                dropNode(p.address());
                failed.put(p.address(), NodeState.down(p.address(), e.getMessage()));
            }
        }
        List<Answer> answers = new ArrayList<>();
        for (HostAndPort address : nodes) {
            answers.add(
                    answered.containsKey(address)
                            ? answered.get(address)
                            : new Answer(failed.get(address), List.of(), List.of()));
        }
        return answers;
    }

    /** A node's state with the slowlog and latency entries it reported this round. */
    record Answer(NodeState state, List<SlowlogEntry> slowlog, List<LatencyEvent> latency) {}

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

    private void dropNode(HostAndPort address) {
        closeQuietly(nodeLinks.remove(address));
    }

    /**
     * Sends INFO, SENTINEL MASTER and CKQUORUM to every Sentinel (and SENTINEL REPLICAS to the first
     * that answers); the master and replicas they name are added to {@code discovered}.
     */
    List<SentinelState> probeSentinels(List<HostAndPort> sentinels, String masterName, Set<HostAndPort> discovered) {
        List<SentinelState> states = new ArrayList<>();
        boolean replicasListed = false;
        for (HostAndPort address : sentinels) {
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
                long deadline = System.nanoTime() + timeout.toNanos();
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
                        listed.forEach(
                                r -> discovered.add(HostAndPort.of(r.get("ip"), Integer.parseInt(r.get("port")))));
                    }
                }
                if (masterAddress != null) {
                    discovered.add(masterAddress);
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
            } catch (StewardException | RedisException | CollectFailure | NumberFormatException e) {
                closeQuietly(sentinelLinks.remove(address));
                states.add(SentinelState.down(address, describe(e)));
            }
        }
        return states;
    }

    /**
     * Asks the first seed that answers for CLUSTER INFO and CLUSTER NODES; adds the nodes to
     * {@code discovered} and returns {@code cluster_state}, or null when no seed answered.
     */
    String discoverCluster(Set<HostAndPort> discovered) {
        List<HostAndPort> seeds = new ArrayList<>(discovered);
        for (HostAndPort seed : seeds) {
            try {
                RedisAsyncCommands<String, String> redis =
                        nodeLinks.computeIfAbsent(seed, client::connectNode).async();
                RedisFuture<String> info = redis.clusterInfo();
                RedisFuture<String> nodes = redis.clusterNodes();
                commands += 2;
                long deadline = System.nanoTime() + timeout.toNanos();
                String state = InfoSnapshot.parse(await(info, deadline))
                        .get("", "cluster_state")
                        .orElse("unknown");
                for (ClusterNode node : ClusterNode.parse(await(nodes, deadline))) {
                    if (node.endpoint() != null) {
                        discovered.add(node.endpoint());
                    }
                }
                return state;
            } catch (StewardException | RedisException | CollectFailure e) {
                dropNode(seed);
            }
        }
        return null;
    }

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

    private <T> T await(RedisFuture<T> future, long deadlineNanos) throws CollectFailure {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CollectFailure("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new CollectFailure(describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectFailure("interrupted");
        }
    }

    /** The reply, or null when the command failed (an error reply is an answer, not an outage). */
    private <T> T awaitOrNull(RedisFuture<T> future, long deadlineNanos) throws CollectFailure {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new CollectFailure("no answer within " + timeout.toMillis() + " ms");
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

    /** Closes every connection. */
    @Override
    public void close() {
        nodeLinks.values().forEach(PipelinedProbe::closeQuietly);
        sentinelLinks.values().forEach(PipelinedProbe::closeQuietly);
        nodeLinks.clear();
        sentinelLinks.clear();
    }
}

package io.steward.ha.sentinel;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ListOfMapsOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.SentinelMasterView;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads Sentinels and data nodes over short-lived connections: one per call, closed when it returns. A server
 * that cannot be reached becomes an error text, never an exception, so one dead Sentinel does not hide the
 * others.
 */
final class SentinelProbe {

    /** How long the master's replication offset is watched to measure the write rate. */
    static final Duration RATE_INTERVAL = Duration.ofSeconds(1);

    private final StewardClient client;
    private final String masterName;
    private final Clock clock;
    private final Deadline.Pause pause;

    SentinelProbe(StewardClient client, String masterName, Clock clock, Deadline.Pause pause) {
        this.client = client;
        this.masterName = masterName;
        this.clock = clock;
        this.pause = pause;
    }

    /** Reads every Sentinel, then the master most of them name; measures the write rate when asked. */
    Survey survey(List<HostAndPort> sentinels, boolean measure) {
        List<SentinelSnapshot> snapshots = sentinels.stream().map(this::read).toList();
        HostAndPort master = Survey.majorityMaster(snapshots);
        InfoSnapshot info = null;
        String error = null;
        long minReplicas = -1;
        double rate = -1;
        if (master != null) {
            try {
                info = onNode(master, redis -> InfoSnapshot.parse(redis.info()));
                minReplicas = minReplicasToWrite(master);
                if (measure) {
                    rate = writeRate(master, info);
                }
            } catch (StewardException | RedisException e) {
                error = describe(e);
            }
        }
        return new Survey(clock.instant(), masterName, snapshots, master, info, error, minReplicas, rate);
    }

    /** What one Sentinel answers about the master; an unreachable one as an error. */
    SentinelSnapshot read(HostAndPort sentinel) {
        try {
            return onSentinel(sentinel, commands -> observe(sentinel, commands));
        } catch (StewardException | RedisException e) {
            return SentinelSnapshot.unreachable(sentinel, describe(e));
        }
    }

    private SentinelSnapshot observe(HostAndPort sentinel, RedisSentinelCommands<String, String> commands) {
        SentinelMasterView view = SentinelMasterView.read(commands, masterName);
        if (view.monitorError() != null) {
            return new SentinelSnapshot(
                    sentinel, view.monitorError(), view.info(), Map.of(), null, List.of(), List.of(), false, "");
        }
        List<Map<String, String>> replicas = commands.replicas(masterName);
        List<Map<String, String>> others = commands.dispatch(
                CommandType.SENTINEL,
                new ListOfMapsOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("SENTINELS").add(masterName));
        return new SentinelSnapshot(
                sentinel,
                null,
                view.info(),
                view.master(),
                view.address(),
                replicas,
                others == null ? List.of() : others,
                view.quorumOk(),
                view.quorumReply());
    }

    /** The master's {@code min-replicas-to-write}, or -1 when the user may not read it. */
    private long minReplicasToWrite(HostAndPort master) {
        try {
            Map<String, String> reply = onNode(master, redis -> redis.configGet("min-replicas-to-write"));
            return SentinelSnapshot.longField(reply, "min-replicas-to-write");
        } catch (RedisCommandExecutionException e) {
            return -1; // NOPERM: a monitoring user has no CONFIG GET (it would reveal masterauth)
        }
    }

    /** Bytes per second of replication stream the master produced over {@link #RATE_INTERVAL}; -1 if unknown. */
    private double writeRate(HostAndPort master, InfoSnapshot first) {
        long startOffset = first.masterReplOffset().orElse(-1);
        long startMillis = clock.millis();
        pause.sleep(RATE_INTERVAL);
        InfoSnapshot second = onNode(master, redis -> InfoSnapshot.parse(redis.info("replication")));
        long endOffset = second.masterReplOffset().orElse(-1);
        long elapsed = clock.millis() - startMillis;
        if (startOffset < 0 || endOffset < startOffset || elapsed <= 0) {
            return -1;
        }
        return (endOffset - startOffset) * 1000.0 / elapsed;
    }

    /** Runs {@code work} on a new connection to {@code sentinel}. */
    <T> T onSentinel(HostAndPort sentinel, Function<RedisSentinelCommands<String, String>, T> work) {
        try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(sentinel)) {
            return work.apply(connection.sync());
        }
    }

    /** Runs {@code work} on a new connection to the data node {@code node}. */
    <T> T onNode(HostAndPort node, Function<RedisCommands<String, String>, T> work) {
        try (StatefulRedisConnection<String, String> connection = client.connectNode(node)) {
            return work.apply(connection.sync());
        }
    }

    /** Whether {@code node} answers ROLE with {@code master}; false when it cannot be asked. */
    boolean isMaster(HostAndPort node) {
        try {
            List<Object> role = onNode(node, RedisCommands::role);
            return !role.isEmpty() && "master".equals(String.valueOf(role.get(0)));
        } catch (StewardException | RedisException e) {
            return false;
        }
    }

    /** Connections for repeated questions to the same Sentinels during one wait. */
    Links links() {
        return new Links();
    }

    /**
     * Connections to Sentinels kept open from one poll to the next, so that a wait does not pay a connect per
     * Sentinel and poll. A connection that fails is dropped and opened again at the next question. Not thread-safe.
     */
    final class Links implements AutoCloseable {
        private final Map<HostAndPort, StatefulRedisSentinelConnection<String, String>> open = new LinkedHashMap<>();

        /** The master {@code sentinel} names now, or an error text. */
        String masterNamedBy(HostAndPort sentinel) {
            try {
                StatefulRedisSentinelConnection<String, String> connection =
                        open.computeIfAbsent(sentinel, client::connectSentinel);
                HostAndPort address = HostAndPort.of(connection.sync().getMasterAddrByName(masterName));
                return address == null ? "does not know '" + masterName + "'" : address.toString();
            } catch (StewardException | RedisException e) {
                StatefulRedisSentinelConnection<String, String> broken = open.remove(sentinel);
                if (broken != null) {
                    broken.closeAsync();
                }
                return "unreachable: " + describe(e);
            }
        }

        @Override
        public void close() {
            open.values().forEach(StatefulRedisSentinelConnection::closeAsync);
            open.clear();
        }
    }

    static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.replaceAll("\\s*\\R\\s*", " ");
    }
}

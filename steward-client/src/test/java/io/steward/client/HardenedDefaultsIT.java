package io.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.steward.AuthenticationFailedException;
import io.steward.PermissionDeniedException;
import io.steward.provision.LocalTopology;
import io.steward.test.RedisTopology;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ACL users `up` renders: default off, `app` limited to data commands. */
@RedisTopology
class HardenedDefaultsIT {

    private static StewardClient app;
    private static StewardClient admin;

    @BeforeAll
    static void connect(LocalTopology topology) {
        app = StewardClient.create(TopologyOptions.as(topology, "app").build());
    }

    @AfterAll
    static void close() {
        app.close();
        if (admin != null) {
            admin.close();
        }
    }

    static Stream<Arguments> forbidden() {
        return Stream.of(
                Arguments.of("flushall", (Consumer<RedisCommands<String, String>>) RedisCommands::flushall),
                Arguments.of("flushdb", (Consumer<RedisCommands<String, String>>) RedisCommands::flushdb),
                Arguments.of("config|get", (Consumer<RedisCommands<String, String>>) r -> r.configGet("maxmemory")),
                Arguments.of("keys", (Consumer<RedisCommands<String, String>>) r -> r.keys("*")),
                Arguments.of("replicaof", (Consumer<RedisCommands<String, String>>) RedisCommands::replicaofNoOne),
                Arguments.of("acl", (Consumer<RedisCommands<String, String>>) RedisCommands::aclList));
    }

    @ParameterizedTest(name = "app may not run {0}")
    @MethodSource("forbidden")
    void appGetsNopermForAdminAndDangerousCommands(String command, Consumer<RedisCommands<String, String>> call) {
        assertThatThrownBy(() -> call.accept(app.commands()))
                .isInstanceOf(PermissionDeniedException.class)
                .satisfies(
                        e -> assertThat(((PermissionDeniedException) e).user()).isEqualTo("app"));
    }

    @ParameterizedTest(name = "ACL denies app {0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "DEBUG RELOAD",
                "SHUTDOWN",
                "MODULE LIST",
                "MONITOR",
                "FLUSHALL",
                "CONFIG SET maxmemory 1",
                "KEYS *",
                "REPLICAOF NO ONE",
                "ACL SETUSER x"
            })
    void aclDeniesAppAdminCommands(String command, LocalTopology topology) {
        StatefulRedisConnection<String, String> admin = adminConnection(topology);
        String[] words = command.split(" ");
        CommandArgs<String, String> args =
                new CommandArgs<>(StringCodec.UTF8).add("DRYRUN").add("app");
        for (String word : words) {
            args.add(word);
        }
        String verdict = admin.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);

        assertThat(verdict)
                .startsWith("This user has no permissions to run the '" + words[0].toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void monitorCannotReadReplicaPasswordThroughConfigGet(LocalTopology topology) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8)
                .add("DRYRUN")
                .add("monitor")
                .add("CONFIG")
                .add("GET")
                .add("masterauth");
        String verdict =
                adminConnection(topology).sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);

        assertThat(verdict).startsWith("This user has no permissions to run the 'config|get' command");
    }

    private static StatefulRedisConnection<String, String> adminConnection(LocalTopology topology) {
        if (admin == null) {
            admin = StewardClient.create(TopologyOptions.as(topology, "admin").build());
        }
        return admin.connectNode(topology.master());
    }

    @Test
    void appMayUseDataScriptingAndPubSub() {
        RedisCommands<String, String> redis = app.commands();
        redis.hset("session:1", "user", "ada");
        assertThat(redis.hget("session:1", "user")).isEqualTo("ada");
        Long result = redis.eval("return redis.call('INCR', KEYS[1])", ScriptOutputType.INTEGER, "counter");
        assertThat(result).isEqualTo(1L);
        assertThat(redis.publish("events", "hello")).isZero();
    }

    @Test
    void defaultUserIsOff(LocalTopology topology) {
        ClientOptions anonymous = TopologyOptions.as(topology, "app").build().toBuilder()
                .username(null)
                .password(null)
                .build();

        assertThatThrownBy(() -> {
                    try (StewardClient client = StewardClient.create(anonymous)) {
                        client.commands().ping();
                    }
                })
                .isInstanceOf(AuthenticationFailedException.class);
    }
}

package io.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueListOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.steward.AuthenticationFailedException;
import io.steward.PermissionDeniedException;
import io.steward.provision.LocalTopology;
import io.steward.test.RedisTopology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
@SuppressWarnings("unchecked") // COMMAND INFO replies are nested lists of mixed types
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

    /** What {@code AclUser.APP} takes away beyond the admin and dangerous categories. */
    private static final Set<String> APP_DENIED_SUBCOMMANDS = Set.of(
            "function|load",
            "function|delete",
            "function|flush",
            "function|restore",
            "function|kill",
            "script|flush",
            "script|kill",
            "script|debug",
            "memory|purge",
            "memory|malloc-stats");

    /** Subcommands of FUNCTION, SCRIPT, MEMORY, CLIENT and OBJECT the app role keeps (docs/architecture.md). */
    private static final Set<String> APP_ALLOWED_SUBCOMMANDS = Set.of(
            "function|list",
            "function|dump",
            "function|stats",
            "function|help",
            "script|load",
            "script|exists",
            "script|help",
            "memory|usage",
            "memory|stats",
            "memory|doctor",
            "memory|help",
            "client|tracking",
            "client|caching",
            "client|getredir",
            "client|trackinginfo",
            "client|id",
            "client|getname",
            "client|setname",
            "client|info",
            "client|reply",
            "client|help",
            "object|encoding",
            "object|freq",
            "object|idletime",
            "object|refcount",
            "object|help");

    /** The @scripting commands that are not subcommands: running scripts and functions. */
    private static final Set<String> APP_ALLOWED_SCRIPTING =
            Set.of("eval", "eval_ro", "evalsha", "evalsha_ro", "fcall", "fcall_ro");

    @Test
    void appIsRefusedEveryAdminAndDangerousCommandButInfoAndRole(LocalTopology topology) {
        RedisCommands<String, String> admin = adminConnection(topology).sync();
        Set<String> commands = new TreeSet<>(aclCategory(admin, "admin"));
        commands.addAll(aclCategory(admin, "dangerous"));
        assertThat(commands).contains("flushall", "keys", "swapdb", "migrate", "client|kill", "client|no-evict");
        commands.removeAll(Set.of("info", "role"));

        assertThat(commands.stream().filter(c -> !refused(admin, c)).toList())
                .as("admin or dangerous commands the app user may run")
                .isEmpty();
    }

    @Test
    void appIsRefusedSubcommandsThatChangeOrStopStateEveryClientShares(LocalTopology topology) {
        RedisCommands<String, String> admin = adminConnection(topology).sync();

        assertThat(APP_DENIED_SUBCOMMANDS.stream()
                        .filter(c -> !refused(admin, c))
                        .toList())
                .isEmpty();
    }

    @Test
    void everyScriptingCommandAndEverySubcommandOfFunctionScriptMemoryClientAndObjectIsReviewed(
            LocalTopology topology) {
        RedisCommands<String, String> admin = adminConnection(topology).sync();
        Set<String> reviewed = new TreeSet<>(APP_DENIED_SUBCOMMANDS);
        reviewed.addAll(APP_ALLOWED_SUBCOMMANDS);
        reviewed.addAll(APP_ALLOWED_SCRIPTING);
        reviewed.addAll(aclCategory(admin, "admin"));
        reviewed.addAll(aclCategory(admin, "dangerous"));
        Set<String> live = new TreeSet<>(aclCategory(admin, "scripting"));
        for (String container : List.of("function", "script", "memory", "client", "object")) {
            live.addAll(subcommands(admin, container).keySet());
        }
        assertThat(aclCategory(admin, "admin")).contains("debug");

        assertThat(live).as("commands a new Redis version added").isSubsetOf(reviewed);
        assertThat(APP_ALLOWED_SUBCOMMANDS.stream()
                        .filter(c -> refused(admin, c))
                        .toList())
                .as("subcommands the app role should keep")
                .isEmpty();
    }

    @Test
    void appMayRunWhatTheClientLibraryNeeds(LocalTopology topology) {
        RedisCommands<String, String> admin = adminConnection(topology).sync();
        List<String> needed = List.of(
                "hello",
                "ping",
                "info",
                "role",
                "client|setname",
                "client|id",
                "client|tracking",
                "client|caching",
                "get",
                "set",
                "incr",
                "unlink",
                "pexpire",
                "eval",
                "evalsha",
                "script|load",
                "script|exists",
                "fcall",
                "function|list",
                "publish",
                "subscribe",
                "cluster|nodes",
                "cluster|slots",
                "cluster|shards",
                "cluster|myid",
                "readonly");

        assertThat(needed.stream().filter(c -> refused(admin, c)).toList()).isEmpty();
    }

    /** Whether {@code ACL DRYRUN app} refuses {@code command} ({@code name} or {@code name|sub}). */
    private static boolean refused(RedisCommands<String, String> admin, String command) {
        String[] words = command.split("\\|");
        CommandArgs<String, String> args =
                new CommandArgs<>(StringCodec.UTF8).add("DRYRUN").add("app").add(words[0]);
        int given = 1;
        if (words.length > 1) {
            args.add(words[1]);
            given++;
        }
        for (int i = given; i < Math.abs(arity(admin, command)); i++) {
            args.add("x");
        }
        String verdict = admin.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
        if ("OK".equals(verdict)) {
            return false;
        }
        assertThat(verdict).as(command).startsWith("This user has no permissions to run the '" + command + "'");
        return true;
    }

    private static long arity(RedisCommands<String, String> admin, String command) {
        String container = command.split("\\|")[0];
        List<Object> info = (List<Object>) admin.commandInfo(container).get(0);
        return command.contains("|") ? subcommands(admin, container).get(command) : (Long) info.get(1);
    }

    /** The subcommands of {@code container} and their arity, as {@code COMMAND INFO} tells. */
    private static Map<String, Long> subcommands(RedisCommands<String, String> admin, String container) {
        List<Object> info = (List<Object>) admin.commandInfo(container).get(0);
        Map<String, Long> out = new TreeMap<>();
        for (Object sub : (List<Object>) info.get(9)) {
            List<Object> entry = (List<Object>) sub;
            out.put((String) entry.get(0), (Long) entry.get(1));
        }
        return out;
    }

    private static List<String> aclCategory(RedisCommands<String, String> admin, String category) {
        return admin.dispatch(
                CommandType.ACL,
                new ValueListOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("CAT").add(category));
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

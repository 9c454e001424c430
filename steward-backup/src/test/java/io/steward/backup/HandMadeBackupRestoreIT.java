package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.FlushMode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.steward.backup.rdb.RdbBytes;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TlsConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.LocalTopology;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-made backups (see {@link CraftedBackup}) whose restore must stop before writing any key:
 * module data and a database the target lacks are refused before anything is written (and before
 * a pre-restore backup), function libraries the target cannot take stop it with the target's own
 * kept; a key the server refuses midway stops it with every key written counted. And a function
 * library in the format of the 7.0 release candidates, which restores as Redis itself loads it.
 */
@RedisTopology
class HandMadeBackupRestoreIT {

    private static final String MODULE_TYPE = "stwd-type";
    private static final int AUX = 0xfa;
    private static final int MODULE_AUX = 0xf7;
    private static final int FUNCTION_PRE_GA = 0xf6;
    private static final int FUNCTION2 = 0xf5;
    private static final int SELECTDB = 0xfe;
    private static final int TYPE_STRING = 0;
    private static final int TYPE_MODULE_2 = 7;
    private static final int TYPE_SET_LISTPACK = 20;
    private static final int MODULE_OPCODE_EOF = 0;
    private static final int MODULE_OPCODE_UINT = 2;
    private static final int MODULE_OPCODE_STRING = 5;

    private static StewardClient client;
    private static BackupEngine engine;
    private static RedisClient lettuce;
    private static StatefulRedisConnection<String, String> connection;
    private static LocalTopology topology;

    @BeforeAll
    static void start(LocalTopology started) {
        topology = started;
        StewardConfig config = StewardConfig.builder(TopologyConfig.standalone(topology.master()))
                .name("it")
                .auth(AuthConfig.withPasswordFile("admin", topology.passwordFile("admin")))
                .tls(TlsConfig.DISABLED)
                .baseDir(topology.home())
                .file(topology.home().resolve("steward.yaml"))
                .build();
        client = StewardClient.createForNodes(config.clientOptions().build());
        engine = BackupEngine.create(config, client, Clock.systemUTC());
        lettuce = RedisClient.create(RedisURI.builder()
                .withHost(topology.master().host())
                .withPort(topology.master().port())
                .withAuthentication("admin", topology.password("admin"))
                .build());
        connection = lettuce.connect(StringCodec.UTF8);
    }

    @AfterAll
    static void stop() {
        connection.close();
        lettuce.shutdown();
        client.close();
    }

    @BeforeEach
    void markTheTarget() {
        RedisCommands<String, String> redis = connection.sync();
        redis.flushall(FlushMode.SYNC);
        redis.functionFlush(FlushMode.SYNC);
        redis.set("marker", "before");
    }

    /** The id Redis derives from a module type name and encoding version (module.c). */
    private static long moduleTypeId(String name, int encodingVersion) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        long id = 0;
        for (char c : name.toCharArray()) {
            id = (id << 6) | chars.indexOf(c);
        }
        return (id << 10) | encodingVersion;
    }

    /** A plain key first (written first, were the module data not refused), then a module's value and aux data. */
    private static byte[] rdbWithModuleData() {
        long typeId = moduleTypeId(MODULE_TYPE, 2);
        return RdbBytes.header(10)
                .u8(AUX)
                .string("redis-ver")
                .string("7.0.15")
                .u8(MODULE_AUX)
                .length(typeId)
                .length(MODULE_OPCODE_UINT)
                .length(2)
                .length(MODULE_OPCODE_STRING)
                .string("module state outside the keyspace")
                .length(MODULE_OPCODE_EOF)
                .u8(SELECTDB)
                .length(0)
                .u8(TYPE_STRING)
                .string("plain:1")
                .string("value")
                .u8(TYPE_MODULE_2)
                .string("doc:1")
                .length(typeId)
                .length(MODULE_OPCODE_UINT)
                .length(42)
                .length(MODULE_OPCODE_STRING)
                .string("opaque")
                .length(MODULE_OPCODE_EOF)
                .withEof();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void backupWithModuleDataIsRefusedBeforeAnythingIsWritten(boolean manifestRecordsContents) throws IOException {
        String id = CraftedBackup.publish(
                topology.home(),
                "20261206T120000Z-rdb-00" + (manifestRecordsContents ? "01" : "02"),
                rdbWithModuleData(),
                manifestRecordsContents);
        int backups = engine.list(null).size();

        assertThatThrownBy(() -> engine.restore(id, new RestoreOptions(true, true, null)))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("restore of " + id + " refused, nothing was written")
                .hasMessageContaining("1 key of module type '" + MODULE_TYPE + "'")
                .hasMessageContaining("encoding version 2")
                .hasMessageContaining("'doc:1' in db 0")
                .hasMessageContaining("1 module auxiliary record of that type")
                .hasMessageContaining("redis-server that loads the module");

        RedisCommands<String, String> redis = connection.sync();
        assertThat(redis.exists("plain:1")).isZero();
        assertThat(redis.get("marker")).isEqualTo("before");
        assertThat(redis.dbsize()).isEqualTo(1);
        assertThat(engine.list(null)).as("no pre-restore backup either").hasSize(backups);
    }

    @Test
    void backupWithKeysInADatabaseTheTargetLacksIsRefusedBeforeAnythingIsWritten() throws IOException {
        byte[] rdb = RdbBytes.header(10)
                .u8(SELECTDB)
                .length(0)
                .u8(TYPE_STRING)
                .string("plain:1")
                .string("value")
                .u8(SELECTDB)
                .length(20)
                .u8(TYPE_STRING)
                .string("plain:20")
                .string("value")
                .withEof();
        String id = CraftedBackup.publish(topology.home(), "20261206T120000Z-rdb-0004", rdb, true);

        assertThatThrownBy(() -> engine.restore(id, new RestoreOptions(true, false, null)))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageContaining("the backup has keys in database 20, which " + topology.master())
                .hasMessageContaining("raise its 'databases' setting");

        RedisCommands<String, String> redis = connection.sync();
        assertThat(redis.exists("plain:1")).isZero();
        assertThat(redis.dbsize()).isEqualTo(1);
        assertThat(RestoreJournal.read(topology.home()))
                .as("a refusal writes nothing, so no restore is left unfinished")
                .isEmpty();
    }

    @Test
    void functionsTheTargetCannotTakeStopTheRestoreBeforeAnyKeyAndKeepItsOwn() throws IOException {
        RedisCommands<String, String> redis = connection.sync();
        redis.functionLoad("#!lua name=mine\nredis.register_function('hello', function() return 'mine' end)");
        byte[] rdb = RdbBytes.header(10)
                .u8(FUNCTION2)
                .string("#!lua name=theirs\nredis.register_function('hello', function() return 'theirs' end)")
                .u8(SELECTDB)
                .length(0)
                .u8(TYPE_STRING)
                .string("plain:1")
                .string("value")
                .withEof();
        String id = CraftedBackup.publish(topology.home(), "20261206T120000Z-rdb-0005", rdb, true);

        assertThatThrownBy(() -> engine.restore(id, new RestoreOptions(true, false, null)))
                .isInstanceOf(RestoreFailedException.class)
                .hasMessageContaining("refused the backup's function libraries")
                .hasMessageContaining("Function hello already exists")
                .hasMessageContaining("no key was written");

        assertThat(redis.exists("plain:1")).isZero();
        assertThat(redis.<String>fcall("hello", ScriptOutputType.VALUE)).isEqualTo("mine");
    }

    @Test
    void restoreStoppedPartWayByTheServerReportsExactlyTheKeysItWrote() throws IOException {
        RdbBytes rdb = RdbBytes.header(10).u8(SELECTDB).length(0);
        for (int i = 0; i < 20_000; i++) {
            rdb.u8(TYPE_STRING).string("before:" + i).string("value " + i);
        }
        // a set listpack (Redis 7.2): this reader knows it, a Redis 7.0 server answers "Bad data format"
        rdb.u8(TYPE_SET_LISTPACK)
                .string("from-7.2")
                .string(RdbBytes.listpack(RdbBytes.lpString("a"), RdbBytes.lpString("b")));
        for (int i = 0; i < 20_000; i++) {
            rdb.u8(TYPE_STRING).string("after:" + i).string("value " + i);
        }
        String id = CraftedBackup.publish(topology.home(), "20261206T120000Z-rdb-0006", rdb.withEof(), true);

        RestoreFailedException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> engine.restore(id, new RestoreOptions(true, false, null)), RestoreFailedException.class);

        long written = connection.sync().dbsize() - 1;
        assertThat(failure.getMessage())
                .contains("Bad data format")
                .contains("now holds " + written + " keys from backup " + id);
        assertThat(failure.keysRestored()).isEqualTo(written);
        assertThat(written).isGreaterThanOrEqualTo(20_000);
    }

    @Test
    void functionLibraryOfThe70ReleaseCandidatesIsRestoredAsRedisLoadsIt() throws IOException {
        byte[] rdb = RdbBytes.header(10)
                .u8(FUNCTION_PRE_GA)
                .string("oldlib")
                .string("LUA")
                .length(1)
                .string("a description, dropped as Redis drops it")
                .string("redis.register_function('old', function(keys, args) return 'from a release candidate' end)")
                .u8(SELECTDB)
                .length(0)
                .u8(TYPE_STRING)
                .string("plain:1")
                .string("value")
                .withEof();
        String id = CraftedBackup.publish(topology.home(), "20261206T120000Z-rdb-0003", rdb, true);

        RestoreReport report = engine.restore(id, new RestoreOptions(true, false, null));

        RedisCommands<String, String> redis = connection.sync();
        assertThat(report.keysRestored()).isEqualTo(1);
        assertThat(redis.get("plain:1")).isEqualTo("value");
        assertThat(redis.<String>fcall("old", ScriptOutputType.VALUE)).isEqualTo("from a release candidate");
        assertThat(redis.get("marker")).isEqualTo("before");
    }
}

package io.steward.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.steward.AuthenticationFailedException;
import io.steward.PermissionDeniedException;
import io.steward.provision.LocalTopology;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RedisTopology
class ReplicationStreamReaderIT {

    private static final int KEYS = 20_000;

    @TempDir
    Path dir;

    @BeforeAll
    static void fillWithEveryType(LocalTopology topology) {
        withAdmin(topology, redis -> {
            Map<String, String> strings = new HashMap<>();
            for (int i = 0; i < KEYS; i++) {
                strings.put("user:" + i, "{\"id\":" + i + ",\"name\":\"user " + i + "\"}");
            }
            redis.mset(strings);
            for (int i = 0; i < 200; i++) {
                redis.hset("profile:" + i, Map.of("name", "n" + i, "age", String.valueOf(i)));
                redis.rpush("queue:" + i, "a", "b", "c" + i);
                redis.sadd("tags:" + i, "x", "y", "z" + i);
                redis.zadd("scores:" + i, i, "member" + i);
                redis.xadd("events:" + i, Map.of("type", "login", "n", String.valueOf(i)));
            }
            redis.set("big", incompressible(2 << 20));
            redis.setex("expiring", 3600, "soon");
        });
    }

    @Test
    void streamsADisklessRdbAsTheBackupUserThatRedisCheckRdbAccepts(LocalTopology topology) throws Exception {
        Path rdb = dir.resolve("dump.rdb");

        RdbTransfer transfer = transferTo(topology, rdb);

        assertThat(transfer.diskless()).isTrue();
        assertValidRdb(rdb, transfer);
        assertThat(transfer.replicationId()).hasSize(40);
        assertThat(transfer.waitBeforePayload()).isLessThan(transfer.elapsed());
    }

    @Test
    void streamsADiskBasedRdbWhenTheServerSavesFirst(LocalTopology topology) throws Exception {
        Path rdb = dir.resolve("disk.rdb");
        withAdmin(topology, redis -> redis.configSet("repl-diskless-sync", "no"));
        RdbTransfer transfer;
        try {
            transfer = transferTo(topology, rdb);
        } finally {
            withAdmin(topology, redis -> redis.configSet("repl-diskless-sync", "yes"));
        }

        assertThat(transfer.diskless()).isFalse();
        assertValidRdb(rdb, transfer);
    }

    @Test
    void storesALiveRdbThroughThePipelineAndReadsTheSameBytesBack(LocalTopology topology) throws Exception {
        Path stored = dir.resolve("dump.rdb.zst.enc");
        BackupKey key = BackupKey.createIfMissing(dir.resolve("backup.key"));
        BackupPipeline.Totals totals;
        RdbTransfer transfer;
        try (OutputStream file = Files.newOutputStream(stored);
                BackupPipeline.Sink sink = BackupPipeline.open(file, key, BackupPipeline.DEFAULT_ZSTD_LEVEL)) {
            transfer = reader(topology).transfer(topology.password("backup"), sink);
            totals = sink.finish();
        }

        Path restored = dir.resolve("restored.rdb");
        try (BackupPipeline.Source source = BackupPipeline.openForRead(Files.newInputStream(stored), key)) {
            Files.copy(source, restored);
            assertThat(source.rawSha256()).isEqualTo(totals.rawSha256());
        }
        assertThat(totals.rawBytes()).isEqualTo(transfer.bytes());
        assertThat(totals.storedBytes()).isEqualTo(Files.size(stored)).isLessThan(transfer.bytes());
        assertThat(sha256(stored)).isEqualTo(totals.storedSha256());
        assertValidRdb(restored, transfer);
    }

    @Test
    void reportsAuthenticationFailureForAWrongPassword(LocalTopology topology) {
        assertThatThrownBy(() ->
                        reader(topology).transfer("wrong-password".toCharArray(), OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> assertThat(e.user())
                        .isEqualTo("backup"))
                .hasMessageNotContaining("wrong-password");
    }

    @Test
    void reportsPermissionDeniedForAUserWithoutReplicationRights(LocalTopology topology) {
        ReplicationStreamReader asMonitor = ReplicationStreamReader.builder(topology.master())
                .user("monitor")
                .build();

        assertThatThrownBy(() -> asMonitor.transfer(topology.password("monitor"), OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
                    assertThat(e.user()).isEqualTo("monitor");
                    assertThat(e.command()).isEqualTo("REPLCONF");
                });
    }

    private static RdbTransfer transferTo(LocalTopology topology, Path rdb) throws IOException {
        try (OutputStream out = Files.newOutputStream(rdb)) {
            return reader(topology).transfer(topology.password("backup"), out);
        }
    }

    private static ReplicationStreamReader reader(LocalTopology topology) {
        return ReplicationStreamReader.builder(topology.master()).user("backup").build();
    }

    static void assertValidRdb(Path rdb, RdbTransfer transfer) throws Exception {
        assertThat(Files.size(rdb)).isEqualTo(transfer.bytes()).isGreaterThan(1 << 20);
        try (InputStream in = Files.newInputStream(rdb)) {
            assertThat(new String(in.readNBytes(9), StandardCharsets.US_ASCII)).isEqualTo("REDIS0010");
        }
        Process check = new ProcessBuilder("redis-check-rdb", rdb.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).contains("RDB looks OK");
    }

    /** A value the RDB's LZF compression cannot shrink, so the RDB is larger than 1 MiB. */
    static String incompressible(int length) {
        java.util.Random random = new java.util.Random(length);
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append((char) ('!' + random.nextInt(90)));
        }
        return value.toString();
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void withAdmin(
            LocalTopology topology, java.util.function.Consumer<RedisCommands<String, String>> work) {
        RedisURI uri = RedisURI.builder()
                .withHost(topology.master().host())
                .withPort(topology.master().port())
                .withAuthentication("admin", topology.password("admin"))
                .build();
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            work.accept(connection.sync());
        } finally {
            client.shutdown();
        }
    }
}

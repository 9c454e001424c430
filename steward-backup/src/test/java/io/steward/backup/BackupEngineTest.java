package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.BackupConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupEngineTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path home;

    private StewardClient client;
    private BackupEngine engine;

    @BeforeEach
    void setUp() {
        StewardConfig config = StewardConfig.builder(TopologyConfig.standalone(HostAndPort.of("127.0.0.1", 1)))
                .baseDir(home)
                .build();
        client = StewardClient.createForNodes(config.clientOptions().build());
        engine = BackupEngine.create(config, client, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private void publish(String id, BackupType type, Duration age) throws IOException {
        Path dir = Files.createDirectories(home.resolve("backups").resolve(id));
        BackupManifest m = new BackupManifest(
                id,
                type,
                "scheduled",
                NOW.minus(age),
                "x",
                "standalone",
                "7.0.15",
                10,
                "zstd",
                "aes-256-gcm",
                "k",
                List.of(new BackupPart(
                        "p", BackupPart.Kind.RDB, null, "master", 1, 1, "a", "b", new TreeMap<>(Map.of(0, 1L)))));
        Files.write(dir.resolve(BackupCatalog.MANIFEST), ManifestCodec.toJson(m));
    }

    @Test
    void shouldDeleteOldBackupsPerTypeButAlwaysKeepTheLastThree() throws IOException {
        for (int day = 1; day <= 10; day++) {
            publish("rdb-" + day, BackupType.RDB, Duration.ofDays(day));
        }
        publish("full-40", BackupType.FULL, Duration.ofDays(40));
        publish("full-50", BackupType.FULL, Duration.ofDays(50));

        CleanupReport dry = engine.cleanup(BackupConfig.Retention.DEFAULT, true);

        assertThat(dry.deleted())
                .extracting(BackupManifest::id)
                .containsExactlyInAnyOrder("rdb-7", "rdb-8", "rdb-9", "rdb-10");
        assertThat(engine.list(null)).hasSize(12);

        CleanupReport done = engine.cleanup(BackupConfig.Retention.DEFAULT, false);

        assertThat(done.deleted()).hasSize(4);
        assertThat(engine.list(null))
                .extracting(BackupManifest::id)
                .doesNotContain("rdb-7", "rdb-10")
                .contains("rdb-6", "full-40", "full-50");
    }

    @Test
    void shouldListOnlyBackupsWithinDaysBackNewestFirst() throws IOException {
        publish("old", BackupType.RDB, Duration.ofDays(5));
        publish("new", BackupType.RDB, Duration.ofHours(2));
        Files.createDirectories(home.resolve("backups").resolve(".partial-killed"));

        assertThat(engine.list(Duration.ofDays(1)))
                .extracting(BackupManifest::id)
                .containsExactly("new");
        assertThat(engine.list(null)).extracting(BackupManifest::id).containsExactly("new", "old");
    }

    @Test
    void verifyComparesWhatTheManifestRecordsAPartHoldsWithTheParse() throws IOException {
        byte[] rdb = io.steward.backup.rdb.RdbBytes.header(10)
                .u8(0xf5) // FUNCTION2
                .string("#!lua name=l\nredis.register_function('f', function() return 1 end)")
                .u8(0) // a string
                .string("k")
                .string("v")
                .withEof();
        String honest = CraftedBackup.publish(home, "20261206T120000Z-rdb-0001", rdb, true);
        String misrecorded =
                CraftedBackup.publish(home, "20261206T120000Z-rdb-0002", rdb, io.steward.backup.rdb.RdbContents.NONE);

        assertThat(engine.verify(honest, false).passed()).isTrue();
        VerifyReport report = engine.verify(misrecorded, false);
        assertThat(report.passed()).isFalse();
        assertThat(report.firstFailure().orElseThrow().name()).isEqualTo("contents");
        assertThat(report.firstFailure().orElseThrow().detail()).contains("functionLibraries=1", "functionLibraries=0");
    }

    @Test
    void shouldRefuseFullBackupOfNodesOutsideTheLocalDeploymentBeforeWritingAnything() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> engine.create(BackupType.FULL, "manual", BackupEngine.Progress.NONE))
                .isInstanceOf(io.steward.StewardException.class)
                .hasMessageContaining("take an rdb backup of remote servers");
        assertThat(home.resolve("backups")).doesNotExist();
    }
}

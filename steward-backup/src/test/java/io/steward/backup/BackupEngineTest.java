package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.steward.HostAndPort;
import io.steward.backup.internal.BackupKey;
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
    /** When set, {@link #publish} writes each manifest's MAC under it, as a real backup does. */
    private BackupKey key;

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
                key == null ? "k" : key.id(),
                List.of(new BackupPart(
                        "p", BackupPart.Kind.RDB, null, "master", 1, 1, "a", "b", new TreeMap<>(Map.of(0, 1L)))));
        byte[] json = ManifestCodec.toJson(m);
        Files.write(dir.resolve(BackupCatalog.MANIFEST), json);
        if (key != null) {
            Files.writeString(dir.resolve(BackupCatalog.MAC), ManifestCodec.mac(json, key) + "\n");
        }
    }

    private BackupKey keyFile() {
        return BackupKey.createIfMissing(home.resolve("secrets/backup.key"));
    }

    @Test
    void shouldDeleteOldBackupsPerTypeButAlwaysKeepTheLastThree() throws IOException {
        key = keyFile();
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
        key = keyFile();
        publish("old", BackupType.RDB, Duration.ofDays(5));
        publish("new", BackupType.RDB, Duration.ofHours(2));
        Files.createDirectories(home.resolve("backups").resolve(".partial-killed"));

        assertThat(engine.list(Duration.ofDays(1)))
                .extracting(BackupManifest::id)
                .containsExactly("new");
        assertThat(engine.list(null)).extracting(BackupManifest::id).containsExactly("new", "old");
    }

    @Test
    void createRefusesToMakeANewKeyWhileTheCatalogHoldsBackupsUnderAnother() throws IOException {
        publish("20261122T120000Z-rdb-0001", BackupType.RDB, Duration.ofDays(1));
        Path keyFile = home.resolve("secrets/backup.key");

        assertThatThrownBy(() -> engine.create(BackupType.RDB, "manual", BackupEngine.Progress.NONE))
                .isInstanceOfSatisfying(NewBackupKeyException.class, e -> {
                    assertThat(e.keyId()).isEmpty();
                    assertThat(e.catalogKeyIds()).containsExactly("k");
                })
                .hasMessageContaining(keyFile + " is missing")
                .hasMessageContaining("made with key k")
                .hasMessageContaining("Restore the key file")
                .hasMessageContaining("--new-key");
        assertThat(keyFile).doesNotExist();
        assertThat(draftsIn(home.resolve("backups"))).isEmpty();
    }

    @Test
    void createRefusesAReplacedKeyFileNamingBothKeyIds() throws IOException {
        publish("20261122T120000Z-rdb-0001", BackupType.RDB, Duration.ofDays(1));
        BackupKey other = BackupKey.createIfMissing(home.resolve("secrets/backup.key"));

        assertThatThrownBy(() -> engine.create(BackupType.RDB, "scheduled", BackupEngine.Progress.NONE))
                .isInstanceOf(NewBackupKeyException.class)
                .hasMessageContaining("holds key " + other.id())
                .hasMessageContaining("made with key k");
    }

    @Test
    void createWithANewKeyAllowedMakesTheKeyFileAndGoesOn() throws IOException {
        publish("20261122T120000Z-rdb-0001", BackupType.RDB, Duration.ofDays(1));

        // The key check passes; the backup itself then fails, as nothing listens on port 1.
        assertThatThrownBy(() -> engine.create(BackupType.RDB, "manual", true, BackupEngine.Progress.NONE))
                .isInstanceOf(io.steward.ConnectionFailedException.class);
        assertThat(home.resolve("secrets/backup.key")).exists();
        assertThat(draftsIn(home.resolve("backups"))).isEmpty();
        // made with key k, which the new key file cannot authenticate: reported, not listed
        assertThat(engine.list(null)).isEmpty();
        assertThat(engine.unlisted()).extracting(UnlistedBackup::check).containsExactly("manifest-mac");
    }

    @Test
    void listLeavesOutAnEditedManifestOrOneWithoutMacAndSaysWhy() throws IOException {
        key = keyFile();
        publish("20261122T120000Z-rdb-0001", BackupType.RDB, Duration.ofDays(1));
        publish("20261122T120000Z-rdb-0002", BackupType.RDB, Duration.ofDays(1));
        publish("20261122T120000Z-rdb-0003", BackupType.RDB, Duration.ofDays(1));
        Path edited = home.resolve("backups/20261122T120000Z-rdb-0002/manifest.json");
        Files.writeString(edited, Files.readString(edited).replace("\"scheduled\"", "\"manual\""));
        Files.delete(home.resolve("backups/20261122T120000Z-rdb-0003/manifest.mac"));

        assertThat(engine.list(null)).extracting(BackupManifest::id).containsExactly("20261122T120000Z-rdb-0001");
        assertThat(engine.unlisted())
                .extracting(UnlistedBackup::folder, UnlistedBackup::check)
                .containsExactly(
                        tuple("20261122T120000Z-rdb-0002", "manifest-mac"),
                        tuple("20261122T120000Z-rdb-0003", "manifest-mac"));
        assertThat(engine.unlisted().get(0).detail()).contains("edited");
        assertThat(engine.unlisted().get(1).detail()).contains("manifest.mac is missing");
    }

    @Test
    void cleanupNeitherDeletesNorKeepsABackupOnAnUnauthenticatedDate() throws IOException {
        key = keyFile();
        for (int day = 1; day <= 5; day++) {
            publish("rdb-" + day, BackupType.RDB, Duration.ofDays(day));
        }
        publish("rdb-old", BackupType.RDB, Duration.ofDays(100));
        publish("rdb-young", BackupType.RDB, Duration.ofDays(100));
        Path backdated = home.resolve("backups/rdb-5/manifest.json");
        Files.writeString(backdated, Files.readString(backdated).replaceFirst("2026-11-18", "2020-11-18"));
        Path rejuvenated = home.resolve("backups/rdb-young/manifest.json");
        Files.writeString(rejuvenated, Files.readString(rejuvenated).replaceFirst("2026-08-15", "2026-11-23"));
        Files.delete(home.resolve("backups/rdb-old/manifest.mac"));

        CleanupReport report = engine.cleanup(new BackupConfig.Retention(3, 3, 1), false);

        assertThat(report.deleted()).extracting(BackupManifest::id).containsExactly("rdb-3", "rdb-4");
        assertThat(report.kept()).extracting(BackupManifest::id).containsExactly("rdb-1", "rdb-2");
        assertThat(report.skipped())
                .extracting(UnlistedBackup::folder)
                .containsExactly("rdb-5", "rdb-old", "rdb-young");
        assertThat(home.resolve("backups/rdb-5")).isDirectory();
        assertThat(home.resolve("backups/rdb-old")).isDirectory();
        assertThat(home.resolve("backups/rdb-young")).isDirectory();
    }

    @Test
    void verifyWithAnotherKeyNamesBothKeyIds() throws IOException {
        key = BackupKey.generate(new java.security.SecureRandom());
        publish("20261122T120000Z-rdb-0001", BackupType.RDB, Duration.ofDays(1));
        BackupKey other = keyFile();

        VerifyReport report = engine.verify("20261122T120000Z-rdb-0001", false);

        assertThat(report.firstFailure().orElseThrow())
                .satisfies(c -> assertThat(c.name()).isEqualTo("manifest-mac"))
                .extracting(VerifyReport.Check::detail)
                .asString()
                .contains(
                        "written with backup key " + key.id(),
                        "holds key " + other.id(),
                        "cannot be judged with another key");
    }

    @Test
    void aBackupFolderCopiedUnderAnotherIdFailsVerifyAndRestoresNothing() throws IOException {
        BackupKey key = BackupKey.createIfMissing(home.resolve("secrets/backup.key"));
        String id = "20261122T120000Z-rdb-0001";
        String copy = "20261122T120000Z-rdb-0002";
        publish(id, BackupType.RDB, Duration.ofDays(1));
        Path dir = home.resolve("backups").resolve(id);
        byte[] json = Files.readAllBytes(dir.resolve(BackupCatalog.MANIFEST));
        Files.writeString(dir.resolve(BackupCatalog.MAC), ManifestCodec.mac(json, key) + "\n");
        BackupCatalogTest.copyTree(dir, home.resolve("backups").resolve(copy));

        VerifyReport report = engine.verify(copy, false);

        assertThat(report.passed()).isFalse();
        assertThat(report.checks())
                .extracting(VerifyReport.Check::name, VerifyReport.Check::passed)
                .containsExactly(tuple("manifest-mac", true), tuple("misplaced", false));
        assertThat(report.firstFailure().orElseThrow().detail()).contains("'" + copy + "'", "'" + id + "'");
        assertThatThrownBy(() -> engine.restore(copy, new RestoreOptions(true, false, null)))
                .isInstanceOfSatisfying(io.steward.BackupCorruptedException.class, e -> assertThat(e.check())
                        .isEqualTo("misplaced"))
                .hasMessageContaining("nothing was restored");
        assertThat(engine.list(null)).extracting(BackupManifest::id).containsExactly(id);
        assertThat(engine.unlisted()).extracting(UnlistedBackup::folder).containsExactly(copy);
    }

    private static List<Path> draftsIn(Path backups) throws IOException {
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> entries = Files.list(backups)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(".partial-"))
                    .toList();
        }
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

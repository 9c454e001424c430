package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.steward.HostAndPort;
import io.steward.backup.rdb.DatasetDigest;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.LocalDeployment;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Backups of every type and encoding, verified, drilled, tampered with and restored — real Redis, real files. */
@RedisTopology(mode = TopologyMode.SENTINEL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the sealed bytes of a part's first chunk start: after the 38-byte header and a length. */
    private static final int FIRST_CHUNK = 38 + 4;

    private static RedisClient lettuce;
    private static StatefulRedisConnection<byte[], byte[]> admin;
    private static String home;
    private static RedisURI masterUri;

    @BeforeAll
    static void fill(LocalDeployment topology) {
        ConfigWriter.write(
                LocalConfig.of(topology.plan(), topology.home()),
                topology.home().resolve("steward.yaml"));
        home = topology.home().toString();
        lettuce = RedisClient.create();
        HostAndPort master = topology.master();
        masterUri = RedisURI.builder()
                .withHost(master.host())
                .withPort(master.port())
                .withAuthentication("admin", topology.password("admin"))
                .build();
        admin = lettuce.connect(ByteArrayCodec.INSTANCE, masterUri);
        EveryType.fill(admin.sync());
    }

    @AfterAll
    static void close() {
        admin.close();
        lettuce.shutdown();
    }

    private static JsonNode json(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return JSON.readTree(run.out());
    }

    private static String createBackup() throws IOException {
        return json("--home", home, "--json", "backup", "create").get("id").asText();
    }

    @Test
    @Order(1)
    void roundTripOfEveryTypeRestoresIdenticalDataset() throws Exception {
        DatasetDigest before = digest();
        JsonNode created = json("--home", home, "--json", "backup", "create");
        String id = created.get("id").asText();
        assertThat(created.get("parts").get(0).get("sourceRole").asText()).isEqualTo("replica");
        assertThat(created.get("keys").asLong()).isEqualTo(before.keys());

        JsonNode verified = json("--home", home, "--json", "backup", "verify", id, "--drill");
        assertThat(verified.get("passed").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.toString()).contains("redis-check-rdb", "drill-digest", "rdb-parse");

        admin.sync().flushall();
        JsonNode restored = json("--home", home, "--json", "restore", id, "--confirm", "--no-pre-backup");
        assertThat(restored.get("keysRestored").asLong()).isEqualTo(before.keys());

        assertThat(digest().hex()).isEqualTo(before.hex());
    }

    @Test
    @Order(2)
    void consistentBackupUnderSteadyWriteLoad() throws Exception {
        Thread writer = new Thread(() -> {
            try (StatefulRedisConnection<byte[], byte[]> c = lettuce.connect(ByteArrayCodec.INSTANCE, masterUri)) {
                for (int i = 0; i < 200_000 && !Thread.currentThread().isInterrupted(); i++) {
                    c.sync().set(EveryType.b("load:" + (i % 5000)), EveryType.b("value-" + i));
                }
            } catch (RuntimeException e) {
                // the test stops the writer by interrupting it; a closed connection ends it too
            }
        });
        writer.start();
        try {
            String id = createBackup();
            JsonNode verified = json("--home", home, "--json", "backup", "verify", id);
            assertThat(verified.get("passed").asBoolean())
                    .as(verified.toString())
                    .isTrue();
        } finally {
            writer.interrupt();
            writer.join(30_000);
        }
    }

    @Test
    @Order(3)
    void tamperingIsDetectedAndNamedAndNothingIsRestored() throws Exception {
        String id = createBackup();
        Path dir = Path.of(home, "backups", id);
        Path part;
        try (Stream<Path> files = Files.list(dir)) {
            part = files.filter(f -> f.toString().endsWith(".rdb.zst.enc"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] original = Files.readAllBytes(part);

        flipByte(part, original.length / 2);
        assertFails(id, "stored-size", "chunk-authentication", "stored-sha256");
        Files.write(part, original);

        flipByte(part, FIRST_CHUNK + 10);
        assertThat(assertFails(id, "chunk-authentication")).contains("chunk 0 failed authentication");
        Files.write(part, original);

        Files.write(part, java.util.Arrays.copyOf(original, original.length - 100));
        assertFails(id, "stored-size");
        Files.write(part, original);

        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.replaceFirst("\"reason\" : \"manual\"", "\"reason\" : \"scheduled\""));
        assertFails(id, "manifest-mac");
        CliRun listEdited = CliRun.of("--home", home, "backup", "list");
        assertThat(listEdited.exitCode()).as(listEdited.toString()).isEqualTo(ExitCodes.DEGRADED);
        assertThat(listEdited.out()).doesNotContain(id);
        assertThat(listEdited.err()).contains("warning: not listed: " + id + ": ", "edited");
        Files.writeString(manifest, text);

        Path key = Path.of(home, "secrets", "backup.key");
        byte[] realKey = Files.readAllBytes(key);
        Files.writeString(key, java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        try {
            assertFails(id, "manifest-mac");
            long keysBefore = admin.sync().dbsize();
            CliRun restore = CliRun.of("--home", home, "restore", id, "--confirm", "--no-pre-backup");
            assertThat(restore.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(restore.err()).contains("failed verification, nothing was restored");
            assertThat(admin.sync().dbsize()).isEqualTo(keysBefore);
        } finally {
            Files.write(key, realKey);
        }
        assertThat(json("--home", home, "--json", "backup", "verify", id)
                        .get("passed")
                        .asBoolean())
                .isTrue();
    }

    @Test
    @Order(4)
    void restoreWithoutConfirmOrWithoutKeyChangesNothing() throws Exception {
        String id = createBackup();
        admin.sync().select(0);
        admin.sync().set(EveryType.b("marker"), EveryType.b("before"));

        CliRun unknown = CliRun.of("--home", home, "restore", "20990101T000000Z-rdb-0000", "--confirm");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err()).contains("no backup '20990101T000000Z-rdb-0000'");

        CliRun unconfirmed = CliRun.of("--home", home, "restore", id);
        assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unconfirmed.err()).contains("nothing was changed", "--confirm");

        Path key = Path.of(home, "secrets", "backup.key");
        Path aside = key.resolveSibling("backup.key.aside");
        Files.move(key, aside);
        try {
            CliRun keyless = CliRun.of("--home", home, "restore", id, "--confirm");
            assertThat(keyless.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(keyless.err()).contains("backup key file", "is missing");
        } finally {
            Files.move(aside, key);
        }
        assertThat(new String(admin.sync().get(EveryType.b("marker")))).isEqualTo("before");
        assertThat(json("--home", home, "--json", "backup", "list").size()).isPositive();
    }

    @Test
    @Order(5)
    void killedBackupLeavesNoCatalogEntryAndCleanupReclaimsItsFolder(LocalDeployment topology) throws Exception {
        int before = json("--home", home, "--json", "backup", "list").size();
        // paused replicas hold the transfer open, so the kill lands mid-backup
        List<io.steward.provision.LocalNode> replicas = topology.redisNodes().stream()
                .filter(n -> !n.endpoint().equals(topology.master()))
                .toList();
        replicas.forEach(io.steward.provision.LocalNode::pause);
        Path backups = Path.of(home, "backups");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process create = new ProcessBuilder(
                        javaBin,
                        "-jar",
                        Path.of("target", "steward.jar").toAbsolutePath().toString(),
                        "--home",
                        home,
                        "backup",
                        "create")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> {
                        try (Stream<Path> entries = Files.list(backups)) {
                            return entries.anyMatch(
                                    e -> e.getFileName().toString().startsWith(".partial-"));
                        }
                    });
        } finally {
            create.destroyForcibly().waitFor();
            replicas.forEach(io.steward.provision.LocalNode::resume);
        }

        assertThat(json("--home", home, "--json", "backup", "list").size()).isEqualTo(before);
        JsonNode cleanup = json("--home", home, "--json", "backup", "cleanup");
        assertThat(cleanup.get("reclaimedDrafts").size()).as(cleanup.toString()).isEqualTo(1);
        try (Stream<Path> entries = Files.list(backups)) {
            assertThat(entries.map(e -> e.getFileName().toString())).noneMatch(n -> n.startsWith(".partial-"));
        }
        assertThat(json("--home", home, "--json", "backup", "list").size()).isEqualTo(before);
    }

    @Test
    @Order(6)
    void fullBackupAddsTheLocalNodesAofConfigAndAclFiles() throws Exception {
        JsonNode created = json("--home", home, "--json", "backup", "create", "--type", "full");
        Set<String> kinds = new HashSet<>();
        created.get("parts").forEach(p -> kinds.add(p.get("kind").asText()));
        assertThat(kinds).containsExactlyInAnyOrder("rdb", "aof", "config", "acl");

        JsonNode verified = json(
                "--home", home, "--json", "backup", "verify", created.get("id").asText());
        assertThat(verified.get("passed").asBoolean()).as(verified.toString()).isTrue();
    }

    @Test
    @Order(7)
    void aBackupFolderCopiedUnderAnotherIdIsNeitherListedNorVerifiedNorRestored() throws Exception {
        String id = createBackup();
        String copy = id.substring(0, id.length() - 4) + (id.endsWith("0000") ? "0001" : "0000");
        Path backups = Path.of(home, "backups");
        Files.createDirectories(backups.resolve(copy));
        try (Stream<Path> files = Files.list(backups.resolve(id))) {
            for (Path f : files.toList()) {
                Files.copy(f, backups.resolve(copy).resolve(f.getFileName()));
            }
        }
        admin.sync().select(0);
        admin.sync().set(EveryType.b("marker"), EveryType.b("before-copy-restore"));
        try {
            CliRun list = CliRun.of("--home", home, "--json", "backup", "list");
            assertThat(list.exitCode()).as(list.toString()).isEqualTo(ExitCodes.DEGRADED);
            List<String> ids = new java.util.ArrayList<>();
            JSON.readTree(list.out()).forEach(b -> ids.add(b.get("id").asText()));
            assertThat(ids).containsOnlyOnce(id).doesNotContain(copy);
            assertThat(list.err().strip())
                    .isEqualTo("warning: not listed: " + copy + ": the folder '" + copy
                            + "' holds the manifest of backup '" + id + "': it was copied or renamed, and a backup"
                            + " is valid only in the folder of its own id; move it back or delete it");

            assertThat(assertFails(copy, "misplaced")).contains("holds the manifest of backup '" + id + "'");

            CliRun restore = CliRun.of("--home", home, "restore", copy, "--confirm", "--no-pre-backup");
            assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(restore.err().lines()).hasSize(1);
            assertThat(restore.err()).contains("misplaced", "holds the manifest of backup '" + id + "'");
            assertThat(new String(admin.sync().get(EveryType.b("marker")))).isEqualTo("before-copy-restore");
        } finally {
            try (Stream<Path> files = Files.walk(backups.resolve(copy))) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        assertThat(CliRun.of("--home", home, "backup", "list").exitCode()).isZero();
    }

    @Test
    @Order(8)
    void aLostKeyFileIsNotSilentlyReplacedButANewKeyCanBeStartedKnowingly() throws Exception {
        int before = json("--home", home, "--json", "backup", "list").size();
        String oldKeyId = json("--home", home, "--json", "backup", "list")
                .get(0)
                .get("keyId")
                .asText();
        Path key = Path.of(home, "secrets", "backup.key");
        Path aside = key.resolveSibling("backup.key.kept-elsewhere");
        Files.move(key, aside);
        try {
            CliRun refused = CliRun.of("--home", home, "backup", "create");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(refused.err().lines()).hasSize(1);
            assertThat(refused.err())
                    .contains(key + " is missing", "made with key " + oldKeyId, "Restore the key file", "--new-key");
            assertThat(key).doesNotExist();
            // without the key no manifest can be authenticated: each is named, none is listed as sound
            CliRun keyless = CliRun.of("--home", home, "--json", "backup", "list");
            assertThat(keyless.exitCode()).as(keyless.toString()).isEqualTo(ExitCodes.DEGRADED);
            assertThat(JSON.readTree(keyless.out()).size()).isZero();
            assertThat(keyless.err().lines().filter(l -> l.contains(key + " is missing")))
                    .hasSize(before);

            JsonNode created = json("--home", home, "--json", "backup", "create", "--new-key");
            assertThat(key).exists();
            assertThat(created.get("keyId").asText()).isNotEqualTo(oldKeyId);
            assertThat(json("--home", home, "--json", "backup", "create")
                            .get("keyId")
                            .asText())
                    .as("the new key is now one the catalog uses")
                    .isEqualTo(created.get("keyId").asText());
        } finally {
            Files.move(aside, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // the two backups of the new key cannot be authenticated with the old key file: named, not listed
        CliRun list = CliRun.of("--home", home, "--json", "backup", "list");
        assertThat(list.exitCode()).as(list.toString()).isEqualTo(ExitCodes.DEGRADED);
        assertThat(JSON.readTree(list.out()).size()).isEqualTo(before);
        assertThat(list.err().lines().filter(l -> l.contains("cannot be judged with another key")))
                .hasSize(2);
    }

    /** Verifies {@code id}, expecting it to fail one of {@code anyOfChecks}; returns the failures' details. */
    private static String assertFails(String id, String... anyOfChecks) throws IOException {
        CliRun run = CliRun.of("--home", home, "--json", "backup", "verify", id);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        JsonNode report = JSON.readTree(run.out());
        Set<String> failed = new HashSet<>();
        StringBuilder details = new StringBuilder();
        report.get("checks").forEach(c -> {
            if (!c.get("passed").asBoolean()) {
                failed.add(c.get("name").asText());
                details.append(c.get("detail").asText()).append('\n');
            }
        });
        assertThat(failed).as(report.toString()).containsAnyOf(anyOfChecks);
        return details.toString();
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x40);
        }
    }

    private static DatasetDigest digest() {
        try (StatefulRedisConnection<byte[], byte[]> c = lettuce.connect(ByteArrayCodec.INSTANCE, masterUri)) {
            return DatasetDigest.ofServer(c, Set.copyOf(EveryType.DBS));
        }
    }
}

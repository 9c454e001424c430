package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCatalogTest {

    private static final Instant NOW = Instant.now();
    private static final Instant UNLOCKED_BEFORE = NOW.minus(BackupCatalog.UNLOCKED_DRAFT_AGE);

    @TempDir
    Path tmp;

    private Path backups() {
        return tmp.resolve("backups");
    }

    private Path partial(String id) {
        return backups().resolve(".partial-" + id);
    }

    /** A draft written by another process, which keeps it until its stdin closes. */
    private Process holdDraftInAnotherProcess(String id) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DraftHolder.class.getName(),
                        backups().toString(),
                        id)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("the holder process started its draft").isEqualTo("holding");
        return holder;
    }

    private static void age(Path path, Duration age) throws IOException {
        Files.setLastModifiedTime(path, FileTime.from(NOW.minus(age)));
    }

    @Test
    void reclaimRemovesTheDraftOfAKilledBackupAtOnce() throws Exception {
        Process holder = holdDraftInAnotherProcess("killed");
        holder.destroyForcibly().waitFor(); // SIGKILL: the holder cleans up nothing
        BackupCatalog catalog = new BackupCatalog(backups());
        assertThat(partial("killed")).isDirectory();

        assertThat(catalog.reclaimAbandonedDrafts(UNLOCKED_BEFORE, true)).containsExactly("killed");
        assertThat(partial("killed")).isDirectory();

        assertThat(catalog.reclaimAbandonedDrafts(UNLOCKED_BEFORE, false)).containsExactly("killed");
        assertThat(partial("killed")).doesNotExist();
    }

    @Test
    void reclaimNeverRemovesADraftAnotherProcessStillWritesHoweverOld() throws Exception {
        Process holder = holdDraftInAnotherProcess("running");
        try {
            age(partial("running"), Duration.ofDays(2)); // a long transfer does not touch the directory

            List<String> reclaimed = new BackupCatalog(backups()).reclaimAbandonedDrafts(UNLOCKED_BEFORE, false);

            assertThat(reclaimed).isEmpty();
            assertThat(partial("running").resolve("shard-0-6379.rdb.zst.enc")).exists();
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        assertThat(partial("running")).doesNotExist();
    }

    @Test
    void reclaimNeverRemovesADraftThisProcessStillWrites() throws IOException {
        BackupCatalog catalog = new BackupCatalog(backups());
        BackupCatalog.Draft draft = catalog.draft("mine");
        try (OutputStream part = draft.create("part")) {
            part.write(1);
        }
        age(partial("mine"), Duration.ofDays(2));

        assertThat(catalog.reclaimAbandonedDrafts(UNLOCKED_BEFORE, false)).isEmpty();
        assertThat(new BackupCatalog(backups()).reclaimAbandonedDrafts(UNLOCKED_BEFORE, false))
                .isEmpty();
        assertThat(partial("mine").resolve("part")).exists();

        draft.discard();
        assertThat(partial("mine")).doesNotExist();
    }

    @Test
    void draftsWithoutALockFileAreReclaimedOnlyOnceOld() throws IOException {
        Files.createDirectories(partial("old-version"));
        age(partial("old-version"), Duration.ofHours(2));
        Files.createDirectories(partial("just-created"));

        assertThat(new BackupCatalog(backups()).reclaimAbandonedDrafts(UNLOCKED_BEFORE, false))
                .containsExactly("old-version");
        assertThat(partial("just-created")).isDirectory();
    }

    @Test
    void backupFilesAndFoldersAreTheOwnersOnlyWhileWrittenAndOncePublished() throws IOException {
        BackupCatalog.Draft draft = new BackupCatalog(backups()).draft("perm");
        try (OutputStream part = draft.create("part")) {
            part.write(1);
        }
        assertThat(mode(backups())).isEqualTo("rwx------");
        assertThat(mode(partial("perm"))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(partial("perm"))) {
            assertThat(files.toList())
                    .hasSize(2)
                    .allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
        }

        Path published = draft.publish(ManifestCodec.toJson(manifest("perm")), "00");

        assertThat(mode(published)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(published)) {
            assertThat(files.map(f -> f.getFileName() + " " + mode(f)).toList())
                    .containsExactlyInAnyOrder("part rw-------", "manifest.json rw-------", "manifest.mac rw-------");
        }
    }

    @Test
    void listLeavesOutAFolderCopiedUnderAnotherIdAndSaysWhy() throws IOException {
        BackupCatalog catalog = new BackupCatalog(backups());
        catalog.draft("20261123T120000Z-rdb-0001")
                .publish(ManifestCodec.toJson(manifest("20261123T120000Z-rdb-0001")), "00");
        copyTree(backups().resolve("20261123T120000Z-rdb-0001"), backups().resolve("20261123T120000Z-rdb-0002"));

        assertThat(catalog.list()).extracting(BackupManifest::id).containsExactly("20261123T120000Z-rdb-0001");
        assertThat(catalog.unlisted()).singleElement().satisfies(u -> {
            assertThat(u.folder()).isEqualTo("20261123T120000Z-rdb-0002");
            assertThat(u.check()).isEqualTo("misplaced");
            assertThat(u.detail()).contains("'20261123T120000Z-rdb-0001'", "copied or renamed");
        });
    }

    static BackupManifest manifest(String id) {
        return new BackupManifest(
                id,
                BackupType.RDB,
                "manual",
                NOW,
                "x",
                "standalone",
                "7.0.15",
                10,
                "zstd",
                "aes-256-gcm",
                "k",
                List.of(new BackupPart(
                        "part", BackupPart.Kind.RDB, null, "master", 1, 1, "a", "b", new TreeMap<>(Map.of(0, 1L)))));
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.steward.backup;

import io.steward.BackupCorruptedException;
import io.steward.StewardException;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The backup directory: one sub-directory per published backup, named after its id, holding
 * {@code manifest.json}, {@code manifest.mac} and the encrypted parts. Files are created 0600 and
 * directories 0700.
 *
 * <p>A backup is written into a hidden {@code .partial-ID} directory and published by an atomic
 * rename, so a failed or killed backup never appears in {@link #list()}. While it is written, its
 * writer holds an exclusive lock on {@code .partial-ID/.lock}. The operating system releases the
 * lock when the writer's process ends, however it ends (also {@code kill -9}), so
 * {@link #reclaimAbandonedDrafts} can tell a draft whose writer is gone from one still being written
 * without guessing from its age, process ids or host names: a running backup may write one part for
 * hours without touching its directory, and a pid names nothing on another host sharing the
 * directory.
 */
final class BackupCatalog {

    static final String MANIFEST = "manifest.json";
    static final String MAC = "manifest.mac";

    /** Drafts without a lock file (left by a Steward before the lock) are reclaimed after this. */
    static final Duration UNLOCKED_DRAFT_AGE = Duration.ofHours(1);

    private static final String PARTIAL_PREFIX = ".partial-";
    private static final String LOCK = ".lock";

    /**
     * Drafts this JVM is writing. Their locks are not probed: POSIX drops every lock a process holds
     * on a file when the process closes any descriptor of that file, so probing our own lock
     * through a second channel would release it.
     */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private final Path dir;

    BackupCatalog(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /**
     * Every published backup, newest first, without checking manifest MACs: for the key ids a catalog was
     * written with only. What a user sees or what retention decides on comes from {@link #listing}.
     */
    List<BackupManifest> list() {
        return listing(ManifestCheck.NONE).listed();
    }

    /** Folders with a manifest that {@link #list()} leaves out, and why. */
    List<UnlistedBackup> unlisted() {
        return listing(ManifestCheck.NONE).unlisted();
    }

    /** Checks a manifest's bytes and stored MAC before its backup is listed. */
    @FunctionalInterface
    interface ManifestCheck {
        /** Lists every readable manifest. */
        ManifestCheck NONE = (json, mac) -> {};

        /** @throws BackupCorruptedException naming the failed check when the manifest must not be listed */
        void check(byte[] manifestJson, String storedMac);
    }

    /**
     * The published backups whose manifest passes {@code check}, newest first, and the folders left out and why.
     */
    record Listing(List<BackupManifest> listed, List<UnlistedBackup> unlisted) {}

    /** Lists the backups whose manifests pass {@code check} (such as their MAC under the backup key). */
    Listing listing(ManifestCheck check) {
        if (!Files.isDirectory(dir)) {
            return new Listing(List.of(), List.of());
        }
        List<BackupManifest> listed = new ArrayList<>();
        List<UnlistedBackup> unlisted = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(Files::isDirectory).sorted().toList()) {
                String folder = entry.getFileName().toString();
                if (folder.startsWith(".") || !Files.exists(entry.resolve(MANIFEST))) {
                    continue;
                }
                try {
                    byte[] json = Files.readAllBytes(entry.resolve(MANIFEST));
                    check.check(json, storedMac(entry));
                    BackupManifest manifest = ManifestCodec.fromJson(json);
                    Optional<String> misplaced = misplaced(folder, manifest);
                    if (misplaced.isPresent()) {
                        unlisted.add(new UnlistedBackup(folder, "misplaced", misplaced.get()));
                    } else {
                        listed.add(manifest);
                    }
                } catch (BackupCorruptedException e) {
                    unlisted.add(new UnlistedBackup(folder, e.check(), e.getMessage()));
                } catch (IOException e) {
                    unlisted.add(new UnlistedBackup(folder, "manifest", "unreadable: " + e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new StewardException("cannot list backups in " + dir + ": " + e.getMessage(), e);
        }
        listed.sort(Comparator.comparing(BackupManifest::createdAt).reversed());
        return new Listing(List.copyOf(listed), List.copyOf(unlisted));
    }

    /** The MAC stored next to a backup's manifest; empty when {@code manifest.mac} is missing. */
    static String storedMac(Path backupDir) throws IOException {
        Path mac = backupDir.resolve(MAC);
        return Files.exists(mac) ? Files.readString(mac, StandardCharsets.US_ASCII) : "";
    }

    /**
     * Why {@code manifest} does not belong in {@code folder}, if it does not. The id is part of the
     * authenticated manifest, so a copied or renamed folder cannot pass for another backup.
     */
    static Optional<String> misplaced(String folder, BackupManifest manifest) {
        if (folder.equals(manifest.id())) {
            return Optional.empty();
        }
        return Optional.of("the folder '" + folder + "' holds the manifest of backup '" + manifest.id()
                + "': it was copied or renamed, and a backup is valid only in the folder of its own id;"
                + " move it back or delete it");
    }

    /** The directory of a published backup. */
    Optional<Path> find(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_.-]+") || id.startsWith(".")) {
            return Optional.empty();
        }
        Path path = dir.resolve(id);
        return Files.exists(path.resolve(MANIFEST)) ? Optional.of(path) : Optional.empty();
    }

    /** A new hidden directory to write a backup into, locked until it is published or discarded. */
    Draft draft(String id) {
        Path partial = dir.resolve(PARTIAL_PREFIX + id);
        Path key = writingKey(partial);
        WRITING.add(key);
        FileChannel lockChannel = null;
        try {
            OwnerOnlyFiles.createDirectories(dir);
            OwnerOnlyFiles.createDirectory(partial);
            lockChannel = OwnerOnlyFiles.createChannel(partial.resolve(LOCK));
            lock(lockChannel);
            return new Draft(id, partial, lockChannel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockChannel);
            if (Files.exists(partial)) {
                deleteTree(partial);
            }
            WRITING.remove(key);
            throw new StewardException("cannot create a backup in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the draft's lock. A file system without locks (some network mounts) refuses; the draft
     * is then judged by its age, like those of older versions.
     */
    private static void lock(FileChannel channel) {
        try {
            if (channel.tryLock() == null) {
                throw new IllegalStateException("another process holds the lock of a draft just created");
            }
        } catch (IOException e) {
            // no locks here; see reclaim
        }
    }

    /** Deletes a published backup. */
    void delete(String id) {
        find(id).ifPresent(BackupCatalog::deleteTree);
    }

    /**
     * Removes the drafts of backups whose writer is gone (killed, crashed, its host rebooted): those
     * whose lock nobody holds, and those without a lock file not modified since
     * {@code unlockedBefore}. A draft that a running backup holds, in this or any other process, is
     * never touched.
     *
     * @param dryRun only report what would be removed
     * @return the ids of the drafts removed (or that would be)
     */
    List<String> reclaimAbandonedDrafts(Instant unlockedBefore, boolean dryRun) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> reclaimed = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path draft : entries.filter(p -> p.getFileName().toString().startsWith(PARTIAL_PREFIX))
                    .sorted()
                    .toList()) {
                if (!WRITING.contains(writingKey(draft)) && reclaim(draft, unlockedBefore, dryRun)) {
                    reclaimed.add(draft.getFileName().toString().substring(PARTIAL_PREFIX.length()));
                }
            }
        } catch (IOException e) {
            throw new StewardException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
        return List.copyOf(reclaimed);
    }

    private static boolean reclaim(Path draft, Instant unlockedBefore, boolean dryRun) throws IOException {
        try {
            Path lockFile = draft.resolve(LOCK);
            if (Files.exists(lockFile)) {
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.tryLock();
                    return lock != null && remove(draft, dryRun); // null: a running backup in another process
                } catch (OverlappingFileLockException e) {
                    return false; // held by this JVM
                } catch (NoSuchFileException e) {
                    throw e;
                } catch (IOException e) {
                    // This file system has no locks (some network mounts): judge by age, as below.
                }
            }
            // Nothing to ask: left by an older Steward, by a writer between creating the directory
            // and its lock, or on a file system without locks.
            return Files.getLastModifiedTime(draft).toInstant().isBefore(unlockedBefore) && remove(draft, dryRun);
        } catch (NoSuchFileException e) {
            return false; // published or discarded meanwhile
        }
    }

    private static boolean remove(Path draft, boolean dryRun) {
        if (!dryRun) {
            deleteTree(draft);
        }
        return true;
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new StewardException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    private static Path writingKey(Path draft) {
        return draft.toAbsolutePath().normalize();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // already failing; the first error is the one to report
        }
    }

    /**
     * A backup being written; {@link #publish} makes it visible, {@link #discard} removes it. Both
     * release its lock. Not thread-safe.
     */
    final class Draft {
        private final String id;
        private final Path path;
        private final FileChannel lock;

        private Draft(String id, Path path, FileChannel lock) {
            this.id = id;
            this.path = path;
            this.lock = lock;
        }

        /** A new file of the backup, 0600, open for writing. */
        OutputStream create(String name) throws IOException {
            return OwnerOnlyFiles.create(path.resolve(name));
        }

        /** Deletes a file of the backup, such as a part whose transfer failed. */
        void remove(String name) throws IOException {
            Files.deleteIfExists(path.resolve(name));
        }

        /** Writes the manifest and its MAC, then renames the draft to its id atomically. */
        Path publish(byte[] manifestJson, String mac) {
            try {
                OwnerOnlyFiles.write(path.resolve(MANIFEST), manifestJson);
                OwnerOnlyFiles.write(path.resolve(MAC), (mac + "\n").getBytes(StandardCharsets.US_ASCII));
                // A published backup holds its manifest and parts only; the lock stays held until the rename.
                Files.delete(path.resolve(LOCK));
                Path target = dir.resolve(id);
                try {
                    Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new StewardException("the backup directory " + dir + " does not support atomic renames", e);
                }
                release();
                return target;
            } catch (IOException e) {
                throw new StewardException("cannot publish backup " + id + " in " + dir + ": " + e.getMessage(), e);
            }
        }

        /** Deletes what was written and releases the lock; harmless after {@link #publish}. */
        void discard() {
            try {
                if (Files.exists(path)) {
                    deleteTree(path);
                }
            } finally {
                release();
            }
        }

        private void release() {
            closeQuietly(lock);
            WRITING.remove(writingKey(path));
        }
    }
}

package io.steward.backup;

import io.steward.BackupCorruptedException;
import io.steward.StewardException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The backup directory: one sub-directory per published backup holding {@code manifest.json},
 * {@code manifest.mac} and the encrypted parts. A backup is written into a hidden
 * {@code .partial-ID} directory and published by an atomic rename, so a failed or killed backup
 * never appears in {@link #list()}.
 */
final class BackupCatalog {

    static final String MANIFEST = "manifest.json";
    static final String MAC = "manifest.mac";
    private static final String PARTIAL_PREFIX = ".partial-";

    private final Path dir;

    BackupCatalog(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Every published backup, newest first. Unreadable entries are skipped. */
    List<BackupManifest> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<BackupManifest> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.filter(Files::isDirectory).toList()) {
                if (!entry.getFileName().toString().startsWith(".") && Files.exists(entry.resolve(MANIFEST))) {
                    try {
                        out.add(ManifestCodec.fromJson(Files.readAllBytes(entry.resolve(MANIFEST))));
                    } catch (BackupCorruptedException | IOException e) {
                        // an unreadable manifest is reported by verify, not by list
                    }
                }
            }
        } catch (IOException e) {
            throw new StewardException("cannot list backups in " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(BackupManifest::createdAt).reversed());
        return out;
    }

    /** The directory of a published backup. */
    Optional<Path> find(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_.-]+") || id.startsWith(".")) {
            return Optional.empty();
        }
        Path path = dir.resolve(id);
        return Files.exists(path.resolve(MANIFEST)) ? Optional.of(path) : Optional.empty();
    }

    /** A new hidden directory to write a backup into. */
    Draft draft(String id) {
        try {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path partial = dir.resolve(PARTIAL_PREFIX + id);
            Files.createDirectory(
                    partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new Draft(id, partial);
        } catch (IOException e) {
            throw new StewardException("cannot create a backup in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a published backup. */
    void delete(String id) {
        find(id).ifPresent(BackupCatalog::deleteTree);
    }

    /** Deletes drafts left by killed backups: those not written to since {@code before}. */
    void deleteStaleDrafts(java.time.Instant before) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path draft : entries.filter(p -> p.getFileName().toString().startsWith(PARTIAL_PREFIX))
                    .toList()) {
                if (Files.getLastModifiedTime(draft).toInstant().isBefore(before)) {
                    deleteTree(draft);
                }
            }
        } catch (IOException e) {
            throw new StewardException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
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

    /** A backup being written; {@link #publish} makes it visible, {@link #discard} removes it. */
    final class Draft {
        private final String id;
        private final Path path;

        private Draft(String id, Path path) {
            this.id = id;
            this.path = path;
        }

        Path file(String name) {
            return path.resolve(name);
        }

        /** Writes the manifest and its MAC, then renames the draft to its id atomically. */
        Path publish(byte[] manifestJson, String mac) {
            try {
                Files.write(path.resolve(MANIFEST), manifestJson);
                Files.writeString(path.resolve(MAC), mac + "\n");
                Path target = dir.resolve(id);
                try {
                    Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new StewardException("the backup directory " + dir + " does not support atomic renames", e);
                }
                return target;
            } catch (IOException e) {
                throw new StewardException("cannot publish backup " + id + " in " + dir + ": " + e.getMessage(), e);
            }
        }

        void discard() {
            if (Files.exists(path)) {
                deleteTree(path);
            }
        }
    }
}

package io.steward.provision;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Creates files with mode 0600 and directories with mode 0700 from the start, so that what Steward
 * writes (secrets, configs holding them, backups, history, journals) is never readable by others,
 * not even while it is written.
 * The mode is given at creation rather than set afterwards, which would leave a window in which
 * the umask's mode applies. On a file system without POSIX permissions (Windows) files are created
 * with its defaults.
 */
public final class OwnerOnlyFiles {

    private static final Set<PosixFilePermission> FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> DIRECTORY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    /** Prefix and suffix of {@link #replace}'s temporary files, which a crash can leave behind. */
    public static final String TMP_PREFIX = ".tmp-";

    public static final String TMP_SUFFIX = ".part";

    private OwnerOnlyFiles() {}

    /**
     * A new file, 0600, open for writing.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
     */
    public static OutputStream create(Path file) throws IOException {
        return Channels.newOutputStream(createChannel(file));
    }

    /**
     * A new file, 0600, as a channel open for writing (and for taking a lock on).
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
     */
    public static FileChannel createChannel(Path file) throws IOException {
        return FileChannel.open(
                file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes(file, FILE));
    }

    /** Writes {@code bytes} into a new 0600 file. */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = create(file)) {
            out.write(bytes);
        }
    }

    /**
     * Writes {@code content} to {@code target}, replacing it atomically: a temporary 0600 file in the
     * same directory (named {@value #TMP_PREFIX}*{@value #TMP_SUFFIX}), then a move; the directory is
     * created when missing.
     */
    public static void replace(Path target, byte[] content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        createDirectories(parent);
        Path tmp = Files.createTempFile(parent, TMP_PREFIX, TMP_SUFFIX, attributes(parent, FILE));
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new directory, 0700.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code dir} exists
     */
    public static Path createDirectory(Path dir) throws IOException {
        return Files.createDirectory(dir, attributes(dir, DIRECTORY));
    }

    /** A new 0700 directory in {@code parent}, named {@code prefix} and a random part. */
    public static Path createTempDirectory(Path parent, String prefix) throws IOException {
        return Files.createTempDirectory(parent, prefix, attributes(parent, DIRECTORY));
    }

    /** {@code dir} and any missing parents; those it creates are 0700, existing ones are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, attributes(dir, DIRECTORY));
    }

    private static FileAttribute<?>[] attributes(Path path, Set<PosixFilePermission> permissions) throws IOException {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }
}

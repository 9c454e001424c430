package io.steward.backup.internal;

import io.steward.StewardException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit key that encrypts backups, kept in a file of one line of base64 with mode 0600.
 *
 * <p>{@link #id()} names the key without revealing it (the first 16 hex digits of the SHA-256 of
 * the key), so a backup can say which key encrypted it. {@link #toString()} shows the id and the
 * file, never key material. Instances are immutable and thread-safe.
 */
public final class BackupKey {

    /** Key length in bytes (AES-256). */
    public static final int LENGTH = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_ANY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final byte[] MAC_LABEL = "steward backup manifest mac v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] material;
    private final String id;
    private final Path file;

    private BackupKey(byte[] material, Path file) {
        if (material.length != LENGTH) {
            throw new IllegalArgumentException("a backup key has " + LENGTH + " bytes, not " + material.length);
        }
        this.material = material.clone();
        this.id = idOf(this.material);
        this.file = file;
    }

    /** A key held only in memory, from its 32 bytes (copied). */
    public static BackupKey of(byte[] material) {
        return new BackupKey(Objects.requireNonNull(material, "material"), null);
    }

    /** A new random key held only in memory. */
    public static BackupKey generate(SecureRandom random) {
        byte[] material = new byte[LENGTH];
        random.nextBytes(material);
        try {
            return new BackupKey(material, null);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /**
     * Loads the key in {@code file}.
     *
     * @throws StewardException if the file is missing or unreadable, readable or writable by group or
     *     others (the message says {@code chmod 600 FILE}), or not one line of base64 holding 32 bytes
     */
    public static BackupKey load(Path file) {
        requireOwnerOnly(file);
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StewardException(file + ": cannot read the backup key: " + e.getMessage(), e);
        }
        byte[] material = null;
        try {
            String line = new String(text, StandardCharsets.US_ASCII).strip();
            material = Base64.getDecoder().decode(line);
            if (material.length != LENGTH || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("wrong length");
            }
            return new BackupKey(material, file);
        } catch (IllegalArgumentException e) {
            // The message of a decoding error may quote key material, so it is not passed on.
            throw new StewardException(
                    file + ": not a backup key; expected one line of base64 holding " + LENGTH + " bytes");
        } finally {
            Arrays.fill(text, (byte) 0);
            if (material != null) {
                Arrays.fill(material, (byte) 0);
            }
        }
    }

    /** {@link #createIfMissing(Path, SecureRandom)} with a new {@link SecureRandom}. */
    public static BackupKey createIfMissing(Path file) {
        return createIfMissing(file, new SecureRandom());
    }

    /**
     * Loads the key in {@code file}, or when there is none, creates it with mode 0600 from
     * {@code random}. The file appears atomically with its full content, so two processes creating
     * it at once end up with the same key.
     *
     * @throws StewardException as {@link #load(Path)}, or if the file cannot be created
     */
    public static BackupKey createIfMissing(Path file, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        if (Files.exists(file)) {
            return load(file);
        }
        BackupKey key = generate(random);
        Path temp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            createOwnerOnlyDirectories(dir);
            temp = createOwnerOnlyTemp(dir, file.getFileName().toString());
            byte[] line = (Base64.getEncoder().encodeToString(key.material) + "\n").getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                out.write(line);
            } finally {
                Arrays.fill(line, (byte) 0);
            }
            publish(temp, file);
        } catch (FileAlreadyExistsException e) {
            return load(file);
        } catch (IOException e) {
            throw new StewardException(file + ": cannot create the backup key: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
        return new BackupKey(key.material, file);
    }

    /** The first 16 hex digits of the SHA-256 of the key. */
    public String id() {
        return id;
    }

    /** The file the key was loaded from or created in, or {@code null} for a key held in memory. */
    public Path file() {
        return file;
    }

    /**
     * HMAC-SHA256 of {@code message} under a sub-key derived from this key for authenticating
     * manifests, so a manifest MAC never uses the encryption key directly.
     */
    public byte[] manifestMac(byte[] message) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(material, "HmacSHA256"));
            byte[] subKey = derive.doFinal(MAC_LABEL);
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(subKey, "HmacSHA256"));
                return mac.doFinal(message);
            } finally {
                Arrays.fill(subKey, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The AES key for {@link javax.crypto.Cipher}. */
    SecretKey aesKey() {
        return new SecretKeySpec(material, "AES");
    }

    @Override
    public String toString() {
        return "BackupKey[id=" + id + (file == null ? "" : ", file=" + file) + "]";
    }

    private static String idOf(byte[] material) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(material);
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void requireOwnerOnly(Path file) {
        if (!Files.exists(file)) {
            throw new StewardException(file + ": backup key file not found");
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // no POSIX permissions on this file system (Windows): nothing to check
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            throw new StewardException(file + ": cannot read the permissions of the backup key: " + e.getMessage(), e);
        }
        if (permissions.stream().anyMatch(p -> !OWNER_ANY.contains(p))) {
            throw new StewardException(file + ": the backup key is accessible to group or others ("
                    + PosixFilePermissions.toString(permissions) + "); run chmod 600 " + file);
        }
    }

    /** Creates {@code dir} and its missing parents 0700 (a {@code secrets/} folder holds only secrets). */
    private static void createOwnerOnlyDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createOwnerOnlyDirectories(parent);
        }
        try {
            if (Files.getFileStore(parent == null ? dir.getRoot() : parent)
                    .supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // made by a concurrent process: it is there, as asked
        }
    }

    private static Path createOwnerOnlyTemp(Path dir, String name) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return Files.createTempFile(dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        return Files.createTempFile(dir, "." + name, ".tmp");
    }

    /** Gives {@code temp} the name {@code file} unless {@code file} exists, atomically where possible. */
    private static void publish(Path temp, Path file) throws IOException {
        try {
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            // No hard links here: a move that refuses to replace is the next best thing.
            Files.move(temp, file);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // A leftover temporary file holds a key nobody uses; it is owner-only, so it leaks nothing.
        }
    }
}

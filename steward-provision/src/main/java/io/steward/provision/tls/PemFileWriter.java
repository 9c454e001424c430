package io.steward.provision.tls;

import io.steward.StewardException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes PEM files that must not exist yet, each created with its final permissions in the same
 * {@code open(O_CREAT|O_EXCL)} call, so a private key is never readable by others, not even
 * briefly, and an existing file or symbolic link is never followed or replaced. Remembers what it
 * created so a failed generation can be undone.
 *
 * <p>On file systems without POSIX permissions (Windows) files inherit the directory's access
 * control list; a warning says so. Not thread-safe.
 */
final class PemFileWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PemFileWriter.class);

    static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> KEY_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> CERTIFICATE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private final boolean posix;
    private final Deque<Path> created = new ArrayDeque<>();

    PemFileWriter(Path dir) {
        this.posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            LOG.warn("{} has no POSIX permissions; TLS private keys inherit the directory's access control list", dir);
        }
    }

    /** Creates {@code dir} and missing parents, owner-only, unless it is already a directory. */
    void createDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
                // the umask may have removed bits from the requested mode
                Files.setPosixFilePermissions(dir, DIRECTORY_PERMISSIONS);
            } else {
                Files.createDirectories(dir);
            }
            created.push(dir);
        } catch (IOException e) {
            throw new StewardException("cannot create TLS directory " + dir + ": " + describe(e), e);
        }
    }

    /** Writes a world-readable {@code CERTIFICATE} PEM file. */
    void writeCertificate(Path file, X509CertificateHolder certificate) {
        write(file, pem(certificate), CERTIFICATE_PERMISSIONS);
    }

    /** Writes an owner-only, unencrypted PKCS#8 {@code PRIVATE KEY} PEM file. */
    void writePrivateKey(Path file, PrivateKey key) {
        PemObjectGenerator pkcs8;
        try {
            pkcs8 = new JcaPKCS8Generator(key, null);
        } catch (IOException e) {
            throw new StewardException("cannot encode private key for " + file + " as PKCS#8: " + describe(e), e);
        }
        write(file, pem(pkcs8), KEY_PERMISSIONS);
    }

    /**
     * Deletes what this writer created, newest first, keeping going past failures. A directory
     * is removed only if it is empty by then.
     *
     * @param failure the error that made the generation fail; deletion problems are added to it as suppressed
     */
    void deleteCreated(RuntimeException failure) {
        while (!created.isEmpty()) {
            Path path = created.pop();
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void write(Path file, byte[] content, Set<PosixFilePermission> permissions) {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(file, options, attributes)) {
            created.push(file);
            if (posix) {
                // the umask may have removed bits from the requested mode
                Files.setPosixFilePermissions(file, permissions);
            }
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new StewardException(
                    file + " appeared while TLS material was being generated;"
                            + " remove it or generate into another directory",
                    e);
        } catch (IOException e) {
            throw new StewardException("cannot write TLS file " + file + ": " + describe(e), e);
        }
    }

    private static byte[] pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            // a StringWriter does not fail, so only encoding can
            throw new StewardException("cannot encode " + object.getClass().getSimpleName() + " as PEM", e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}

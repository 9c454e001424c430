package io.steward.spring.boot;

import io.steward.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a secret (a password, an HMAC key) from a file the way Steward reads its password files: the file must
 * be accessible by its owner only, as a secret readable by others is no longer one. The secret is the file's
 * text with the surrounding whitespace (the newline an editor or {@code echo} adds) removed.
 *
 * <p>Shared by the starter's auto-configurations; not an API for applications.
 */
public final class SecretFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private SecretFile() {}

    /**
     * The secret in {@code file}; the caller clears the array once it has used it.
     *
     * @param property the property that named the file, for the error
     * @param minBytes the fewest bytes a usable secret has (1: not empty)
     * @throws ConfigException naming {@code property} when the file is missing, unreadable, readable by group or
     *                         others, or holds fewer than {@code minBytes} bytes
     */
    public static byte[] read(Path file, String property, int minBytes) {
        requireOwnerOnly(file, property);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(property, "cannot read " + file + ": " + e);
        }
        try {
            byte[] secret = stripped(content);
            if (secret.length == 0) {
                throw new ConfigException(property, file + " is empty");
            }
            if (secret.length < minBytes) {
                Arrays.fill(secret, (byte) 0);
                throw new ConfigException(
                        property,
                        file + " holds " + secret.length + " bytes; a secret needs at least " + minBytes
                                + " (for example: openssl rand -base64 48 > " + file + " && chmod 600 " + file + ")");
            }
            return secret;
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * The secret in {@code file} as text (UTF-8); the caller clears the array once it has used it.
     *
     * @throws ConfigException naming {@code property} when the file is missing, unreadable, readable by group or
     *                         others, or empty
     */
    public static char[] readChars(Path file, String property) {
        byte[] secret = read(file, property, 1);
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(secret));
        try {
            char[] text = new char[chars.remaining()];
            chars.get(text);
            return text;
        } finally {
            Arrays.fill(secret, (byte) 0);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }

    private static void requireOwnerOnly(Path file, String property) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        } catch (NoSuchFileException e) {
            throw new ConfigException(property, file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException(property, "cannot read the permissions of " + file + ": " + e);
        }
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new ConfigException(
                    property,
                    file + " is accessible by group or others (" + PosixFilePermissions.toString(permissions)
                            + "); run: chmod 600 " + file);
        }
    }

    /** The content without surrounding ASCII whitespace (space, tab, CR, LF). */
    private static byte[] stripped(byte[] content) {
        int start = 0;
        int end = content.length;
        while (start < end && isWhitespace(content[start])) {
            start++;
        }
        while (end > start && isWhitespace(content[end - 1])) {
            end--;
        }
        return Arrays.copyOfRange(content, start, end);
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}

package io.steward.ops.config;

import io.steward.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How Steward authenticates to Redis and Sentinel: the {@code auth} section.
 *
 * <p>The password comes either from a file ({@code password-file}, read on every call to
 * {@link #password()} so a rotated file is picked up, and rejected unless only its owner may read
 * it) or inline ({@code password}, normally a {@code ${VAR}} reference expanded from the environment).
 * The password never appears in {@link #toString()}. Instances are immutable and thread-safe.
 */
public final class AuthConfig {

    /** No user and no password: the {@code default} user without a password. */
    public static final AuthConfig NONE = new AuthConfig(null, null, null, null);

    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final String user;
    private final Path passwordFile;
    private final char[] inlinePassword;
    private final String passwordReference;

    AuthConfig(String user, Path passwordFile, char[] inlinePassword, String passwordReference) {
        if (user != null && user.isBlank()) {
            throw new ConfigException("auth.user", "must not be blank");
        }
        if (passwordFile != null && inlinePassword != null) {
            throw new ConfigException("auth.password", "give either auth.password or auth.password-file, not both");
        }
        this.user = user;
        this.passwordFile = passwordFile;
        this.inlinePassword = inlinePassword == null ? null : inlinePassword.clone();
        this.passwordReference = passwordReference;
    }

    /**
     * A user whose password is read from {@code passwordFile}. The file must be readable by its owner
     * only (mode 0600 or 0400); that is checked when {@link #password()} reads it.
     */
    public static AuthConfig withPasswordFile(String user, Path passwordFile) {
        return new AuthConfig(user, Objects.requireNonNull(passwordFile, "passwordFile"), null, null);
    }

    /**
     * A user with a password given directly, for passwords taken from the environment by the caller.
     * The array is copied. {@link ConfigWriter} refuses to write such a password to a file.
     */
    public static AuthConfig withPassword(String user, char[] password) {
        return new AuthConfig(user, null, Objects.requireNonNull(password, "password"), null);
    }

    /** A user name with no password (the server must allow {@code nopass} for it). */
    public static AuthConfig withoutPassword(String user) {
        return new AuthConfig(Objects.requireNonNull(user, "user"), null, null, null);
    }

    /** The ACL user name; empty means the {@code default} user. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The file the password is read from, absolute once loaded; empty for inline or no password. */
    public Optional<Path> passwordFile() {
        return Optional.ofNullable(passwordFile);
    }

    /**
     * The {@code ${VAR}} expression an inline password was expanded from, so {@link ConfigWriter} can
     * write the reference rather than the secret; empty otherwise.
     */
    public Optional<String> passwordReference() {
        return Optional.ofNullable(passwordReference);
    }

    /** Whether a password is configured, from a file or inline. */
    public boolean hasPassword() {
        return passwordFile != null || inlinePassword != null;
    }

    /**
     * The password, as a new array the caller should wipe after use ({@code Arrays.fill(p, '\0')}).
     * A password file is read now, without its trailing line break.
     *
     * @return the password, or an empty array when none is configured
     * @throws ConfigException when the file is missing, unreadable, empty, not UTF-8, holds more than
     *                         one line, or is readable by group or others (the message says to
     *                         {@code chmod 600} it)
     */
    public char[] password() {
        if (inlinePassword != null) {
            return inlinePassword.clone();
        }
        if (passwordFile == null) {
            return new char[0];
        }
        requireOwnerOnly(passwordFile);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(passwordFile);
        } catch (NoSuchFileException e) {
            throw new ConfigException(passwordFile, 0, "auth.password-file", "password file does not exist");
        } catch (IOException e) {
            throw new ConfigException(passwordFile, 0, "auth.password-file", "cannot read password file: " + e);
        }
        try {
            return decode(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private char[] decode(byte[] bytes) {
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new ConfigException(passwordFile, 0, "auth.password-file", "password file is not UTF-8 text");
        }
        int end = chars.limit();
        while (end > 0 && (chars.get(end - 1) == '\n' || chars.get(end - 1) == '\r')) {
            end--;
        }
        if (hasLineBreak(chars, end)) {
            // Sent as is, the whole text would fail AUTH on every node without saying why. The
            // content is never echoed, only the line where the unexpected text starts.
            Arrays.fill(chars.array(), '\0');
            throw new ConfigException(
                    passwordFile,
                    2,
                    "auth.password-file",
                    "password file has more than one line; it must hold the password alone on its first line"
                            + " (a trailing line break is fine)");
        }
        char[] password = new char[end];
        chars.get(password, 0, end);
        Arrays.fill(chars.array(), '\0');
        if (password.length == 0) {
            throw new ConfigException(passwordFile, 0, "auth.password-file", "password file is empty");
        }
        return password;
    }

    private static boolean hasLineBreak(CharBuffer chars, int end) {
        for (int i = 0; i < end; i++) {
            if (chars.get(i) == '\n' || chars.get(i) == '\r') {
                return true;
            }
        }
        return false;
    }

    private static void requireOwnerOnly(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, 0, "auth.password-file", "password file does not exist");
        } catch (IOException e) {
            throw new ConfigException(file, 0, "auth.password-file", "cannot read permissions: " + e);
        }
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new ConfigException(
                    file,
                    0,
                    "auth.password-file",
                    "password file is accessible by group or others (" + PosixFilePermissions.toString(permissions)
                            + "); run: chmod 600 " + file);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthConfig other
                && Objects.equals(user, other.user)
                && Objects.equals(passwordFile, other.passwordFile)
                && Arrays.equals(inlinePassword, other.inlinePassword)
                && Objects.equals(passwordReference, other.passwordReference);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, passwordFile, Arrays.hashCode(inlinePassword), passwordReference);
    }

    /** Names the user and where the password comes from, never the password. */
    @Override
    public String toString() {
        String source = passwordFile != null
                ? "password-file=" + passwordFile
                : passwordReference != null
                        ? "password=" + passwordReference.replaceAll(":-[^}]*}", ":-***}")
                        : inlinePassword != null ? "password=***" : "no password";
        return "AuthConfig[user=" + (user == null ? "default" : user) + ", " + source + "]";
    }
}

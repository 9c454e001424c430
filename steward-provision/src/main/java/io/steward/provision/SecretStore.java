package io.steward.provision;

import io.steward.StewardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Password files, one per {@link AclUser}, in a directory of mode 0700, each file mode 0600.
 * Passwords are 40 random alphanumeric characters. They are read on demand and never logged.
 *
 * <p>Thread-safe for reading; {@link #ensureGenerated()} is meant to run once, before use.
 */
public final class SecretStore {

    /** Length of generated passwords. */
    public static final int DEFAULT_PASSWORD_LENGTH = 40;

    /** The file, in the secrets directory, holding the bearer token of the dashboard and HTTP API. */
    public static final String DASHBOARD_TOKEN_FILE = "dashboard.token";

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final Path dir;
    private final Supplier<SecureRandom> random;

    private SecretStore(Path dir, Supplier<SecureRandom> random) {
        this.dir = dir;
        this.random = random;
    }

    /** A store in {@code dir} using a fresh {@link SecureRandom} for generation. */
    public static SecretStore in(Path dir) {
        return new SecretStore(dir, SecureRandom::new);
    }

    /** A store whose randomness is injected, for tests. */
    public static SecretStore in(Path dir, Supplier<SecureRandom> random) {
        return new SecretStore(dir, random);
    }

    public Path dir() {
        return dir;
    }

    /** The password file of {@code user} (it may not exist yet). */
    public Path file(AclUser user) {
        return dir.resolve(user.userName() + ".pass");
    }

    /** The dashboard token file (it may not exist yet). */
    public Path dashboardTokenFile() {
        return dir.resolve(DASHBOARD_TOKEN_FILE);
    }

    /**
     * Creates the directory, a password file for every user that has none and the dashboard token
     * if missing; existing files are kept, so rendering again does not change passwords.
     *
     * @throws StewardException when a file cannot be written
     */
    public SecretStore ensureGenerated() {
        try {
            OwnerOnlyFiles.createDirectories(dir);
            for (AclUser user : AclUser.values()) {
                generateIfMissing(file(user));
            }
            generateIfMissing(dashboardTokenFile());
            return this;
        } catch (IOException e) {
            throw new StewardException(
                    "cannot write secrets in " + dir + ": " + e.getMessage() + "; check the directory is writable", e);
        }
    }

    /**
     * The password of {@code user}; the caller should clear the array when done.
     *
     * @throws StewardException when the file is missing or unreadable
     */
    public char[] password(AclUser user) {
        Path file = file(user);
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .strip()
                    .toCharArray();
        } catch (IOException e) {
            throw new StewardException(
                    "cannot read password file " + file + ": " + e.getMessage()
                            + "; run 'steward up' or 'steward config render' to create it",
                    e);
        }
    }

    /** SHA-256 of the password in hex, as an ACL file's {@code #HASH} wants it. */
    public String passwordSha256(AclUser user) {
        char[] password = password(user);
        try {
            byte[] bytes = new String(password).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private void generateIfMissing(Path file) throws IOException {
        if (!Files.exists(file)) {
            char[] secret = generate();
            try {
                OwnerOnlyFiles.replace(file, new String(secret).getBytes(StandardCharsets.UTF_8));
            } finally {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private char[] generate() {
        SecureRandom rnd = random.get();
        char[] out = new char[DEFAULT_PASSWORD_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[rnd.nextInt(ALPHABET.length)];
        }
        return out;
    }
}

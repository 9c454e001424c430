package io.steward.client.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under the application's secret, over a domain label and fields that are each prefixed
 * with their length, so that no two different (label, fields) inputs hash the same bytes ("a|b", "c"
 * and "a", "b|c" differ). One {@link Mac} per thread, keyed once.
 */
final class KeyedHash {

    /** Bytes of the HMAC kept in key names: 128 bits, far beyond any collision between live keys. */
    private static final int KEY_NAME_BYTES = 16;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final HexFormat HEX = HexFormat.of();

    private final ThreadLocal<Mac> mac;

    KeyedHash(byte[] secret) {
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256"); // copies the bytes
        Mac prototype = newMac(key);
        this.mac = ThreadLocal.withInitial(() -> copyOf(prototype, key));
    }

    /** The full HMAC of (label, fields), in lowercase hex: what Redis stores and compares. */
    String hex(String label, String... fields) {
        return HEX.formatHex(digest(label, fields));
    }

    /** A truncated HMAC of (label, fields), base64url: a key name that reveals none of the fields. */
    String keyName(String label, String... fields) {
        return BASE64URL.encodeToString(Arrays.copyOf(digest(label, fields), KEY_NAME_BYTES));
    }

    /** The full 32-byte HMAC of (label, fields). */
    byte[] digest(String label, String... fields) {
        Mac m = mac.get();
        update(m, label);
        for (String field : fields) {
            update(m, field);
        }
        return m.doFinal();
    }

    private static void update(Mac m, String field) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        m.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        m.update(bytes);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("secret is not usable as an HMAC-SHA256 key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a required JDK algorithm", e);
        }
    }

    private static Mac copyOf(Mac prototype, SecretKeySpec key) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return newMac(key);
        }
    }

    /**
     * A defensive copy of {@code secret}.
     *
     * @throws IllegalArgumentException when shorter than {@code minBytes}
     */
    static byte[] checkedSecret(byte[] secret, int minBytes) {
        if (secret == null) {
            throw new NullPointerException("secret");
        }
        if (secret.length < minBytes) {
            throw new IllegalArgumentException(
                    "secret must be at least " + minBytes + " bytes (256 bits), was " + secret.length);
        }
        return secret.clone();
    }
}

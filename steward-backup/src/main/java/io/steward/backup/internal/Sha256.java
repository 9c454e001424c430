package io.steward.backup.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A SHA-256 {@link MessageDigest} whose result is computed once and then kept. */
final class Sha256 {

    private final MessageDigest digest;
    private byte[] result;

    Sha256() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    void update(byte b) {
        requireOpen();
        digest.update(b);
    }

    void update(byte[] b, int off, int len) {
        requireOpen();
        digest.update(b, off, len);
    }

    byte[] digest() {
        if (result == null) {
            result = digest.digest();
        }
        return result.clone();
    }

    private void requireOpen() {
        if (result != null) {
            throw new IllegalStateException("digest already computed");
        }
    }
}

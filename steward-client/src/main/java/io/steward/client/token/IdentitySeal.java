package io.steward.client.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the identity stored beside a token (AES-256-GCM) under a key derived from the secret and the token
 * itself, so that only the holder of the token (with the application's secret) can read whom it was issued for.
 */
final class IdentitySeal {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private IdentitySeal() {}

    static String seal(byte[] key, String identity, SecureRandom random) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(identity.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return ENCODER.encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is a required JDK algorithm", e);
        }
    }

    /** @throws IllegalStateException when the stored value was altered (it fails its authentication tag) */
    static String open(byte[] key, String sealed) {
        byte[] in;
        try {
            in = DECODER.decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the identity stored for a token is not valid base64url", e);
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("the identity stored for a token is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the identity stored for a token failed its integrity check", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is a required JDK algorithm", e);
        }
    }
}

package io.steward.client.token;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.LongSupplier;

/** Draws codes and tokens from a {@link SecureRandom}, every value equally likely. */
final class CodeGenerator {

    /** Random bytes in a token: 256 bits. */
    static final int TOKEN_BYTES = 32;

    /** Draws before the source is declared broken; a sound one needs a second draw once in 2^63 / bound. */
    static final int MAX_DRAWS = 64;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private CodeGenerator() {}

    /** A numeric code of exactly {@code digits} digits, leading zeros kept, each of the 10^digits codes equally likely. */
    static String code(SecureRandom random, int digits) {
        long bound = pow10(digits);
        return format(uniform(() -> random.nextLong() >>> 1, bound), digits);
    }

    /** An opaque URL-safe token: {@value #TOKEN_BYTES} random bytes, base64url without padding (43 characters). */
    static String token(SecureRandom random) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /**
     * A value uniform in [0, bound) from uniform 63-bit draws, by rejection: draws at or above the largest multiple
     * of {@code bound} below 2^63 are thrown away, so that {@code % bound} favours no residue (no modulo bias). At
     * most one draw in 2^63 / bound is rejected, so the loop ends at once in practice; a source that keeps
     * giving rejected draws is broken and gets an {@link IllegalStateException} after {@value #MAX_DRAWS}.
     */
    static long uniform(LongSupplier nonNegativeDraws, long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, was " + bound);
        }
        long rest = (Long.MAX_VALUE % bound + 1) % bound; // 2^63 mod bound
        long lastAccepted = Long.MAX_VALUE - rest; // [0, lastAccepted] holds a multiple of bound values
        for (int i = 0; i < MAX_DRAWS; i++) {
            long draw = nonNegativeDraws.getAsLong();
            if (draw < 0) {
                throw new IllegalArgumentException("draws must be non-negative, was " + draw);
            }
            if (draw <= lastAccepted) {
                return draw % bound;
            }
        }
        // a sound source is rejected at most once in 2^63 / bound draws: this one repeats itself
        throw new IllegalStateException(
                "the random source gave " + MAX_DRAWS
                        + " draws in a row from the rejected top of its range; it is broken (check the SecureRandom in the options)");
    }

    static String format(long value, int digits) {
        String s = Long.toString(value);
        return s.length() >= digits ? s : "0".repeat(digits - s.length()) + s;
    }

    static long pow10(int digits) {
        long p = 1;
        for (int i = 0; i < digits; i++) {
            p *= 10;
        }
        return p;
    }
}

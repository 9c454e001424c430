package io.steward.client.token;

import java.time.Duration;
import java.util.Objects;

/** The checks and derived settings that {@link CodeOptions}, {@link TokenOptions} and their engines share. */
final class TokenRules {

    private TokenRules() {}

    /** {@code ttl}, checked to lie between 1 s and {@link CodeOptions#MAX_TTL}. */
    static Duration checkedTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(CodeOptions.MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be between 1 s and " + CodeOptions.MAX_TTL + ", was " + ttl);
        }
        return ttl;
    }

    /** The shorter of {@code ttl} and {@link CodeOptions#MAX_EXPIRED_GRACE}. */
    static Duration expiredGrace(Duration ttl) {
        return ttl.compareTo(CodeOptions.MAX_EXPIRED_GRACE) < 0 ? ttl : CodeOptions.MAX_EXPIRED_GRACE;
    }

    static void checkNotEmpty(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}

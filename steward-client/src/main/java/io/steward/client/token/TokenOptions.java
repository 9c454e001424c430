package io.steward.client.token;

import io.steward.client.internal.HashTags;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How {@link OneTimeTokens} issues and checks tokens. Build with {@link #builder(byte[])}.
 *
 * @param secret    the HMAC key, at least {@value #MIN_SECRET_BYTES} bytes; copied on the way in and out, never
 *                  shown by {@link #toString()}. Every instance that verifies a token must use the secret that
 *                  issued it
 * @param ttl       how long a token is valid after it is issued, 1 s to {@link #MAX_TTL}
 * @param keyPrefix the start of every key name, without braces (keys are {@code <prefix>{<hmac>}})
 * @param random    where tokens come from
 */
public record TokenOptions(byte[] secret, Duration ttl, String keyPrefix, SecureRandom random) {

    public static final int MIN_SECRET_BYTES = CodeOptions.MIN_SECRET_BYTES;
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final String DEFAULT_KEY_PREFIX = "tok:";
    public static final Duration MAX_TTL = CodeOptions.MAX_TTL;

    public TokenOptions {
        secret = KeyedHash.checkedSecret(secret, MIN_SECRET_BYTES);
        ttl = TokenRules.checkedTtl(ttl);
        Objects.requireNonNull(random, "random");
        keyPrefix = HashTags.requireNoBraces(keyPrefix, "keyPrefix");
    }

    /** Defaults for everything but the secret: valid 1 h, prefix "tok:". */
    public static Builder builder(byte[] secret) {
        return new Builder(secret);
    }

    /** A copy of the secret. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /**
     * How long an expired token stays in Redis so that a late verification answers {@link VerifyResult#EXPIRED}:
     * the shorter of {@code ttl} and {@link CodeOptions#MAX_EXPIRED_GRACE}.
     */
    public Duration expiredGrace() {
        return TokenRules.expiredGrace(ttl);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenOptions other
                && MessageDigest.isEqual(secret, other.secret)
                && ttl.equals(other.ttl)
                && keyPrefix.equals(other.keyPrefix)
                && random == other.random;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(secret), ttl, keyPrefix);
    }

    /** Shows everything but the secret. */
    @Override
    public String toString() {
        return "TokenOptions[secret=<hidden>, ttl=" + ttl + ", keyPrefix=" + keyPrefix + "]";
    }

    /** Builds {@link TokenOptions}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final byte[] secret;
        private Duration ttl = DEFAULT_TTL;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private SecureRandom random;

        private Builder(byte[] secret) {
            this.secret = secret == null ? null : secret.clone();
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** Defaults to a new {@link SecureRandom}; inject one for tests. */
        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is wrong */
        public TokenOptions build() {
            return new TokenOptions(secret, ttl, keyPrefix, random == null ? new SecureRandom() : random);
        }
    }
}

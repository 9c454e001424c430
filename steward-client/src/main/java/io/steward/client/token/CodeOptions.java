package io.steward.client.token;

import io.steward.client.internal.HashTags;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How {@link OneTimeCodes} issues and checks numeric codes. Build with {@link #builder(byte[])}.
 *
 * @param secret         the HMAC key, at least {@value #MIN_SECRET_BYTES} bytes; copied on the way in and out, never
 *                       shown by {@link #toString()}. Every instance that verifies a code must use the secret that
 *                       issued it
 * @param digits         digits in a code, {@value #MIN_DIGITS} to {@value #MAX_DIGITS}
 * @param ttl            how long a code is valid after it is issued, 1 s to {@link #MAX_TTL}
 * @param maxAttempts    verifications a code allows (right or wrong) before it answers
 *                       {@link VerifyResult#EXHAUSTED}
 * @param resendCooldown the least time between two codes issued for one identity and purpose; zero allows
 *                       every issue; at most {@code ttl}
 * @param keyPrefix      the start of every key name, without braces (keys are {@code <prefix>{<hmac>}})
 * @param random         where codes come from
 */
public record CodeOptions(
        byte[] secret,
        int digits,
        Duration ttl,
        int maxAttempts,
        Duration resendCooldown,
        String keyPrefix,
        SecureRandom random) {

    public static final int MIN_SECRET_BYTES = 32;
    public static final int MIN_DIGITS = 4;
    public static final int MAX_DIGITS = 10;
    public static final int DEFAULT_DIGITS = 6;
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_RESEND_COOLDOWN = Duration.ofSeconds(60);
    public static final String DEFAULT_KEY_PREFIX = "otp:";
    /** The longest an expired code is kept to answer {@link VerifyResult#EXPIRED}; see {@link #expiredGrace()}. */
    public static final Duration MAX_EXPIRED_GRACE = Duration.ofMinutes(10);
    /** The longest {@code ttl} of a code or a token ({@link TokenOptions#ttl()}). */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    public CodeOptions {
        secret = KeyedHash.checkedSecret(secret, MIN_SECRET_BYTES);
        ttl = TokenRules.checkedTtl(ttl);
        Objects.requireNonNull(resendCooldown, "resendCooldown");
        Objects.requireNonNull(random, "random");
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException(
                    "digits must be between " + MIN_DIGITS + " and " + MAX_DIGITS + ", was " + digits);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (resendCooldown.isNegative() || resendCooldown.compareTo(ttl) > 0) {
            throw new IllegalArgumentException(
                    "resendCooldown must be between 0 and ttl (" + ttl + "), was " + resendCooldown);
        }
        keyPrefix = HashTags.requireNoBraces(keyPrefix, "keyPrefix");
    }

    /** Defaults for everything but the secret: 6 digits, 5 min, 5 attempts, 60 s between codes, prefix "otp:". */
    public static Builder builder(byte[] secret) {
        return new Builder(secret);
    }

    /** A copy of the secret. */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /**
     * How long an expired code stays in Redis so that a late verification answers {@link VerifyResult#EXPIRED}
     * rather than {@link VerifyResult#UNKNOWN}: the shorter of {@code ttl} and {@link #MAX_EXPIRED_GRACE}. The
     * key's own expiry is {@code ttl + expiredGrace()}.
     */
    public Duration expiredGrace() {
        return TokenRules.expiredGrace(ttl);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodeOptions other
                && MessageDigest.isEqual(secret, other.secret)
                && digits == other.digits
                && ttl.equals(other.ttl)
                && maxAttempts == other.maxAttempts
                && resendCooldown.equals(other.resendCooldown)
                && keyPrefix.equals(other.keyPrefix)
                && random == other.random;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(secret), digits, ttl, maxAttempts, resendCooldown, keyPrefix);
    }

    /** Shows everything but the secret. */
    @Override
    public String toString() {
        return "CodeOptions[secret=<hidden>, digits=" + digits + ", ttl=" + ttl + ", maxAttempts=" + maxAttempts
                + ", resendCooldown=" + resendCooldown + ", keyPrefix=" + keyPrefix + "]";
    }

    /** Builds {@link CodeOptions}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final byte[] secret;
        private int digits = DEFAULT_DIGITS;
        private Duration ttl = DEFAULT_TTL;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration resendCooldown; // unset: the default, or the ttl when that is shorter
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private SecureRandom random;

        private Builder(byte[] secret) {
            this.secret = secret == null ? null : secret.clone();
        }

        public Builder digits(int digits) {
            this.digits = digits;
            return this;
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Zero allows a new code at any time. Unset: {@link #DEFAULT_RESEND_COOLDOWN}, or the ttl when that
         * is shorter.
         */
        public Builder resendCooldown(Duration cooldown) {
            this.resendCooldown = cooldown;
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

        private static Duration defaultCooldown(Duration ttl) {
            return ttl != null && ttl.compareTo(DEFAULT_RESEND_COOLDOWN) < 0 ? ttl : DEFAULT_RESEND_COOLDOWN;
        }

        /** @throws IllegalArgumentException naming the field that is wrong */
        public CodeOptions build() {
            return new CodeOptions(
                    secret,
                    digits,
                    ttl,
                    maxAttempts,
                    resendCooldown != null ? resendCooldown : defaultCooldown(ttl),
                    keyPrefix,
                    random == null ? new SecureRandom() : random);
        }
    }
}

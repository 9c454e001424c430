package io.steward.client.ratelimit;

import io.steward.client.internal.HashTags;
import java.time.Clock;
import java.util.Objects;

/**
 * Settings of one {@link RateLimiter}. Build with {@link #builder()}.
 *
 * @param keyPrefix the start of every key of the limiter: {@code <keyPrefix><namespace>:{<identity>}:<limit>};
 *                  no braces (they would take over the hash tag)
 * @param failOpen  when Redis is unavailable: {@code false} (the default, fail closed) throws
 *                  {@link io.steward.ConnectionFailedException} to the caller; {@code true} allows the
 *                  request without Redis and says so in {@link Decision#failedOpen()} and
 *                  {@link RateLimiterStats#failures()}
 * @param clock     the time of a decision made without Redis (decisions of Redis carry the server's time)
 */
public record RateLimiterOptions(String keyPrefix, boolean failOpen, Clock clock) {

    public static final String DEFAULT_KEY_PREFIX = "rl:";
    public static final boolean DEFAULT_FAIL_OPEN = false;

    public RateLimiterOptions {
        HashTags.requireNoBraces(keyPrefix, "keyPrefix");
        Objects.requireNonNull(clock, "clock");
    }

    /** Keys under {@value #DEFAULT_KEY_PREFIX}, fail closed. */
    public static RateLimiterOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder().keyPrefix(keyPrefix).failOpen(failOpen).clock(clock);
    }

    /** Builds {@link RateLimiterOptions}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private boolean failOpen = DEFAULT_FAIL_OPEN;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        public Builder failOpen(boolean failOpen) {
            this.failOpen = failOpen;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is wrong */
        public RateLimiterOptions build() {
            return new RateLimiterOptions(keyPrefix, failOpen, clock);
        }
    }
}

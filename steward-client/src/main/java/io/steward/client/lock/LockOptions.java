package io.steward.client.lock;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * How a {@link StewardLocks} keeps its locks.
 *
 * @param keyPrefix   prefix of every key and channel ({@value #DEFAULT_KEY_PREFIX} by default); the
 *                    lock {@code name} follows in a hash tag: {@code lock:{orders}}
 * @param renew       renew each held lease at a third of its length until release
 *                    ({@link #DEFAULT_RENEW}); without it a lock simply ends with its lease
 * @param waitReplicas WAIT mode when &gt; 0: every acquisition and renewal is followed by {@code WAIT
 *                    waitReplicas waitTimeout} on the same connection, and an acquisition that fewer
 *                    replicas acknowledged is released and reported with
 *                    {@link LockNotReplicatedException}; 0 (the default) turns it off
 * @param waitTimeout how long {@code WAIT} may block; only meaningful with {@code waitReplicas > 0}
 * @param onLostLease told once per lock lost without release; by default a warning is logged
 */
public record LockOptions(
        String keyPrefix, boolean renew, int waitReplicas, Duration waitTimeout, LostLeaseListener onLostLease) {

    public static final String DEFAULT_KEY_PREFIX = "lock:";
    public static final boolean DEFAULT_RENEW = true;
    public static final int DEFAULT_WAIT_REPLICAS = 0;
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(1);
    /** Logs the lost lock at WARN on {@code io.steward.client.lock.StewardLocks}. */
    public static final LostLeaseListener DEFAULT_ON_LOST_LEASE =
            (lock, why) -> LoggerFactory.getLogger(StewardLocks.class)
                    .warn("Lost lock '{}' (fencing token {}): {}", lock.name(), lock.fencingToken(), why);

    /** Validates like the builder. */
    public LockOptions {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        Objects.requireNonNull(onLostLease, "onLostLease");
        if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException(
                    "keyPrefix must not contain '{' or '}' (the name is the hash tag): " + keyPrefix);
        }
        if (waitReplicas < 0) {
            throw new IllegalArgumentException("waitReplicas must be >= 0, was " + waitReplicas);
        }
        if (waitTimeout.isNegative() || waitTimeout.isZero()) {
            throw new IllegalArgumentException("waitTimeout must be positive, was " + waitTimeout);
        }
    }

    /** The defaults: prefix {@value #DEFAULT_KEY_PREFIX}, renewal on, WAIT mode off. */
    public static LockOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .keyPrefix(keyPrefix)
                .renew(renew)
                .waitForReplicas(waitReplicas, waitTimeout)
                .onLostLease(onLostLease);
    }

    /** Whether acquisitions and renewals wait for replicas. */
    public boolean waitsForReplicas() {
        return waitReplicas > 0;
    }

    /** Builds {@link LockOptions}; {@link #build()} validates and names the offending field. */
    public static final class Builder {

        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private boolean renew = DEFAULT_RENEW;
        private int waitReplicas = DEFAULT_WAIT_REPLICAS;
        private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;
        private LostLeaseListener onLostLease = DEFAULT_ON_LOST_LEASE;

        private Builder() {}

        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        public Builder renew(boolean renew) {
            this.renew = renew;
            return this;
        }

        /**
         * WAIT mode: acquisitions and renewals are acknowledged by {@code replicas} replicas within
         * {@code timeout}, or the acquisition is released and fails with {@link LockNotReplicatedException}.
         * {@code replicas} 0 turns it off.
         */
        public Builder waitForReplicas(int replicas, Duration timeout) {
            this.waitReplicas = replicas;
            this.waitTimeout = timeout;
            return this;
        }

        public Builder onLostLease(LostLeaseListener onLostLease) {
            this.onLostLease = onLostLease;
            return this;
        }

        /** @throws IllegalArgumentException or {@link NullPointerException} naming the bad field */
        public LockOptions build() {
            return new LockOptions(keyPrefix, renew, waitReplicas, waitTimeout, onLostLease);
        }
    }
}

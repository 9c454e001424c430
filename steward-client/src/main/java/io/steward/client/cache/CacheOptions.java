package io.steward.client.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by all regions of one {@link StewardCache}: how long to wait for Redis and when
 * to stop asking it. Build with {@link #builder()}.
 *
 * @param redisTimeout        the longest a cache call waits for Redis before it counts as a failure
 *                            and the cache answers without Redis
 * @param failureRateThreshold percentage of failed (or timed-out) Redis calls in the window that
 *                            opens the circuit
 * @param windowSize          how many recent Redis calls the failure rate is computed over
 * @param minimumCalls        calls needed in the window before the rate counts
 * @param openDuration        how long the circuit stays open before probing Redis again
 * @param probeCalls          calls let through while probing; all must succeed to close
 * @param clock               time for entry expiry and refresh decisions
 * @param lagProbeInterval    how often the cache writes a lag probe, a key holding the time it was written, so that
 *                            the other instances measure how long Redis took to tell them about a write
 *                            ({@link CacheStats#lagMillis()}); zero for no probes. Lags between hosts include
 *                            the difference between their clocks
 */
public record CacheOptions(
        Duration redisTimeout,
        float failureRateThreshold,
        int windowSize,
        int minimumCalls,
        Duration openDuration,
        int probeCalls,
        Clock clock,
        Duration lagProbeInterval) {

    public static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(500);
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50;
    public static final int DEFAULT_WINDOW_SIZE = 20;
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(2);
    public static final int DEFAULT_PROBE_CALLS = 3;
    public static final Duration DEFAULT_LAG_PROBE_INTERVAL = Duration.ofSeconds(5);

    public CacheOptions {
        Objects.requireNonNull(redisTimeout, "redisTimeout");
        Objects.requireNonNull(openDuration, "openDuration");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lagProbeInterval, "lagProbeInterval");
        if (lagProbeInterval.isNegative() || (!lagProbeInterval.isZero() && lagProbeInterval.toMillis() < 10)) {
            throw new IllegalArgumentException(
                    "lagProbeInterval must be zero (no probes) or at least 10 ms, was " + lagProbeInterval);
        }
        if (redisTimeout.isNegative() || redisTimeout.isZero()) {
            throw new IllegalArgumentException("redisTimeout must be positive, was " + redisTimeout);
        }
        if (openDuration.isNegative() || openDuration.isZero()) {
            throw new IllegalArgumentException("openDuration must be positive, was " + openDuration);
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException(
                    "failureRateThreshold must be a percentage in (0, 100], was " + failureRateThreshold);
        }
        if (windowSize < 1 || minimumCalls < 1 || probeCalls < 1) {
            throw new IllegalArgumentException("windowSize, minimumCalls and probeCalls must be >= 1, were "
                    + windowSize + ", " + minimumCalls + ", " + probeCalls);
        }
    }

    /**
     * The defaults: 500 ms per Redis call; open at 50 % failures of the last 20 (10 at least) for 2 s; a lag probe
     * every 5 s.
     */
    public static CacheOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link CacheOptions}; validation happens in {@link #build()}. */
    public static final class Builder {
        private Duration redisTimeout = DEFAULT_REDIS_TIMEOUT;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private int windowSize = DEFAULT_WINDOW_SIZE;
        private int minimumCalls = DEFAULT_MINIMUM_CALLS;
        private Duration openDuration = DEFAULT_OPEN_DURATION;
        private int probeCalls = DEFAULT_PROBE_CALLS;
        private Clock clock = Clock.systemUTC();
        private Duration lagProbeInterval = DEFAULT_LAG_PROBE_INTERVAL;

        private Builder() {}

        public Builder redisTimeout(Duration timeout) {
            this.redisTimeout = timeout;
            return this;
        }

        public Builder circuit(float failureRateThreshold, int windowSize, int minimumCalls, Duration openDuration) {
            this.failureRateThreshold = failureRateThreshold;
            this.windowSize = windowSize;
            this.minimumCalls = minimumCalls;
            this.openDuration = openDuration;
            return this;
        }

        public Builder probeCalls(int calls) {
            this.probeCalls = calls;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Zero turns lag probes off. */
        public Builder lagProbeInterval(Duration interval) {
            this.lagProbeInterval = interval;
            return this;
        }

        /** @throws IllegalArgumentException naming the field that is wrong */
        public CacheOptions build() {
            return new CacheOptions(
                    redisTimeout,
                    failureRateThreshold,
                    windowSize,
                    minimumCalls,
                    openDuration,
                    probeCalls,
                    clock,
                    lagProbeInterval);
        }
    }
}

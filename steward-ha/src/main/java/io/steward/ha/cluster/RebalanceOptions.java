package io.steward.ha.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * How a rebalance plans and moves. Build with {@link #builder()}; the builder fails fast on a value
 * out of range, naming the command-line option.
 *
 * @param by             what to even out
 * @param pipeline       keys per {@code MIGRATE} batch
 * @param pause          the pause after each batch (the throttle)
 * @param migrateTimeout the {@code MIGRATE} timeout: a key that takes longer is listed, not moved
 * @param thresholdPct   a master within this percentage of its target is left alone
 */
public record RebalanceOptions(
        RebalancePlan.By by, int pipeline, Duration pause, Duration migrateTimeout, double thresholdPct) {

    public static final int DEFAULT_PIPELINE = 100;
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(10);
    public static final Duration DEFAULT_MIGRATE_TIMEOUT = Duration.ofSeconds(10);
    /** The same default as {@code redis-cli --cluster rebalance}. */
    public static final double DEFAULT_THRESHOLD_PCT = 2.0;

    public static final RebalanceOptions DEFAULTS = builder().build();

    public RebalanceOptions {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(migrateTimeout, "migrateTimeout");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private RebalancePlan.By by = RebalancePlan.By.SLOTS;
        private int pipeline = DEFAULT_PIPELINE;
        private Duration pause = DEFAULT_PAUSE;
        private Duration migrateTimeout = DEFAULT_MIGRATE_TIMEOUT;
        private double thresholdPct = DEFAULT_THRESHOLD_PCT;

        private Builder() {}

        public Builder by(RebalancePlan.By value) {
            by = Objects.requireNonNull(value, "by");
            return this;
        }

        /** @throws io.steward.ConfigException unless 1..10000 */
        public Builder pipeline(int value) {
            if (value < 1 || value > 10_000) {
                throw new io.steward.ConfigException("--pipeline", "must be 1..10000 keys, was " + value);
            }
            pipeline = value;
            return this;
        }

        /** @throws io.steward.ConfigException when negative or over a minute */
        public Builder pause(Duration value) {
            if (value.isNegative() || value.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new io.steward.ConfigException("--pause-ms", "must be 0..60000 ms, was " + value.toMillis());
            }
            pause = value;
            return this;
        }

        /** @throws io.steward.ConfigException unless 1 ms..1 hour */
        public Builder migrateTimeout(Duration value) {
            if (value.toMillis() < 1 || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new io.steward.ConfigException("--timeout-ms", "must be 1..3600000 ms, was " + value.toMillis());
            }
            migrateTimeout = value;
            return this;
        }

        /** @throws io.steward.ConfigException unless 0..100 */
        public Builder thresholdPct(double value) {
            if (!(value >= 0 && value <= 100)) {
                throw new io.steward.ConfigException("--threshold", "must be 0..100 percent, was " + value);
            }
            thresholdPct = value;
            return this;
        }

        public RebalanceOptions build() {
            return new RebalanceOptions(by, pipeline, pause, migrateTimeout, thresholdPct);
        }
    }
}

package io.steward.ha.drill;

import io.steward.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * What a failover drill does. Immutable; build with {@link #builder()}. Fields that come from the
 * command line are validated with a message naming the option ({@code --runs}, {@code --writers}).
 *
 * @param mode               how the master is taken away
 * @param runs               how many faults, one after another, each on the master of the moment
 * @param writers            writer threads, each writing its own sequence of keys
 * @param durable            an acknowledgement means "on every replica online at the master"
 *                           ({@code WAIT n}, n counted at the start of each run, at least 1), not
 *                           "on the master"
 * @param allowRemote        drill a deployment whose servers are not local processes of this host
 * @param keyPrefix          first part of every key the drill writes
 * @param retryPause         how long a writer waits after a failed write before trying it again
 * @param throughputPhase    how long throughput is measured before the fault (twice when durable: once
 *                           without and once with {@code WAIT}, so the cost shows as a ratio)
 * @param replicationTimeout the {@code WAIT} timeout of a durable write
 * @param settleTimeout      how long to wait for the deployment to be settled before each fault
 * @param rejoinTimeout      how long to wait for the old master to report itself a replica of the new one
 * @param deleteKeys         delete the run's keys when it ends (they expire after an hour anyway)
 */
public record DrillOptions(
        DrillMode mode,
        int runs,
        int writers,
        boolean durable,
        boolean allowRemote,
        String keyPrefix,
        Duration retryPause,
        Duration throughputPhase,
        Duration replicationTimeout,
        Duration settleTimeout,
        Duration rejoinTimeout,
        boolean deleteKeys) {

    public static final DrillMode DEFAULT_MODE = DrillMode.KILL;
    public static final int DEFAULT_RUNS = 1;
    public static final int MAX_RUNS = 100;
    public static final int DEFAULT_WRITERS = 4;
    public static final int MAX_WRITERS = 64;
    public static final String DEFAULT_KEY_PREFIX = "steward-drill";
    public static final Duration DEFAULT_RETRY_PAUSE = Duration.ofMillis(5);
    public static final Duration DEFAULT_THROUGHPUT_PHASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_REPLICATION_TIMEOUT = Duration.ofMillis(1000);
    public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration DEFAULT_REJOIN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @throws ConfigException naming the option or field that is out of range
     */
    public DrillOptions {
        Objects.requireNonNull(mode, "mode");
        if (runs < 1 || runs > MAX_RUNS) {
            throw new ConfigException("--runs", "must be between 1 and " + MAX_RUNS + ", was " + runs);
        }
        if (writers < 1 || writers > MAX_WRITERS) {
            throw new ConfigException("--writers", "must be between 1 and " + MAX_WRITERS + ", was " + writers);
        }
        if (keyPrefix == null || keyPrefix.isBlank() || keyPrefix.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException("keyPrefix", "must be a non-blank word without spaces, was '" + keyPrefix + "'");
        }
        positive(retryPause, "retryPause");
        positive(throughputPhase, "throughputPhase");
        positive(replicationTimeout, "replicationTimeout");
        positive(settleTimeout, "settleTimeout");
        positive(rejoinTimeout, "rejoinTimeout");
    }

    private static void positive(Duration value, String field) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new ConfigException(field, "must be a positive duration, was " + value);
        }
    }

    /** A builder with every field at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .mode(mode)
                .runs(runs)
                .writers(writers)
                .durable(durable)
                .allowRemote(allowRemote)
                .keyPrefix(keyPrefix)
                .retryPause(retryPause)
                .throughputPhase(throughputPhase)
                .replicationTimeout(replicationTimeout)
                .settleTimeout(settleTimeout)
                .rejoinTimeout(rejoinTimeout)
                .deleteKeys(deleteKeys);
    }

    /** Mutable builder of {@link DrillOptions}; not thread-safe. */
    public static final class Builder {
        private DrillMode mode = DEFAULT_MODE;
        private int runs = DEFAULT_RUNS;
        private int writers = DEFAULT_WRITERS;
        private boolean durable;
        private boolean allowRemote;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration retryPause = DEFAULT_RETRY_PAUSE;
        private Duration throughputPhase = DEFAULT_THROUGHPUT_PHASE;
        private Duration replicationTimeout = DEFAULT_REPLICATION_TIMEOUT;
        private Duration settleTimeout = DEFAULT_SETTLE_TIMEOUT;
        private Duration rejoinTimeout = DEFAULT_REJOIN_TIMEOUT;
        private boolean deleteKeys = true;

        private Builder() {}

        public Builder mode(DrillMode value) {
            this.mode = value;
            return this;
        }

        public Builder runs(int value) {
            this.runs = value;
            return this;
        }

        public Builder writers(int value) {
            this.writers = value;
            return this;
        }

        public Builder durable(boolean value) {
            this.durable = value;
            return this;
        }

        public Builder allowRemote(boolean value) {
            this.allowRemote = value;
            return this;
        }

        public Builder keyPrefix(String value) {
            this.keyPrefix = value;
            return this;
        }

        public Builder retryPause(Duration value) {
            this.retryPause = value;
            return this;
        }

        public Builder throughputPhase(Duration value) {
            this.throughputPhase = value;
            return this;
        }

        public Builder replicationTimeout(Duration value) {
            this.replicationTimeout = value;
            return this;
        }

        public Builder settleTimeout(Duration value) {
            this.settleTimeout = value;
            return this;
        }

        public Builder rejoinTimeout(Duration value) {
            this.rejoinTimeout = value;
            return this;
        }

        public Builder deleteKeys(boolean value) {
            this.deleteKeys = value;
            return this;
        }

        /**
         * @throws ConfigException naming the option or field that is out of range
         */
        public DrillOptions build() {
            return new DrillOptions(
                    mode,
                    runs,
                    writers,
                    durable,
                    allowRemote,
                    keyPrefix,
                    retryPause,
                    throughputPhase,
                    replicationTimeout,
                    settleTimeout,
                    rejoinTimeout,
                    deleteKeys);
        }
    }
}

package io.steward.ops.config;

import io.steward.ConfigException;
import java.time.Duration;

/**
 * The limits of the default rules ({@link AlertRules#defaults(AlertThresholds)}). Ratios are
 * fractions (0.95 = 95 %). Build with {@link #builder()}; {@link #DEFAULTS} holds every
 * {@code DEFAULT_*} value.
 *
 * @param memoryCritical             {@code memory-critical} fires above this memory ratio
 * @param memoryWarning              {@code memory-high} fires above this memory ratio
 * @param maxConnectedClients        {@code too-many-connections} fires above this many clients
 * @param backupMaxAge               {@code backup-overdue} fires when the last backup is older
 * @param hitRatioMin                {@code low-hit-ratio} fires below this hit ratio ...
 * @param hitRatioMinLookups         ... once at least this many lookups back the ratio
 * @param fragmentationMax           {@code high-fragmentation} fires above this ratio ...
 * @param fragmentationMinUsedMemory ... once at least this many bytes are used; on small datasets the
 *                                   ratio is dominated by allocator overhead and means nothing
 * @param certificateExpiryWarning   {@code certificate-expiring} fires when a certificate expires sooner
 */
public record AlertThresholds(
        double memoryCritical,
        double memoryWarning,
        long maxConnectedClients,
        Duration backupMaxAge,
        double hitRatioMin,
        long hitRatioMinLookups,
        double fragmentationMax,
        long fragmentationMinUsedMemory,
        Duration certificateExpiryWarning) {

    public static final double DEFAULT_MEMORY_CRITICAL = 0.95;
    public static final double DEFAULT_MEMORY_WARNING = 0.80;
    public static final long DEFAULT_MAX_CONNECTED_CLIENTS = 800;
    public static final Duration DEFAULT_BACKUP_MAX_AGE = Duration.ofHours(24);
    public static final double DEFAULT_HIT_RATIO_MIN = 0.80;
    public static final long DEFAULT_HIT_RATIO_MIN_LOOKUPS = 1000;
    public static final double DEFAULT_FRAGMENTATION_MAX = 2.0;
    public static final long DEFAULT_FRAGMENTATION_MIN_USED_MEMORY = 64L * 1024 * 1024;
    public static final Duration DEFAULT_CERTIFICATE_EXPIRY_WARNING = Duration.ofDays(14);

    /** Every threshold at its default. */
    public static final AlertThresholds DEFAULTS = builder().build();

    /** @throws ConfigException naming the field ({@code alerts.thresholds.memory-warning}, ...) */
    public AlertThresholds {
        fraction("memory-critical", memoryCritical);
        fraction("memory-warning", memoryWarning);
        if (memoryWarning >= memoryCritical) {
            throw invalid(
                    "memory-warning", "must be below memory-critical (" + memoryCritical + "), was " + memoryWarning);
        }
        atLeast("max-connected-clients", maxConnectedClients, 1);
        positive("backup-max-age", backupMaxAge);
        fraction("hit-ratio-min", hitRatioMin);
        atLeast("hit-ratio-min-lookups", hitRatioMinLookups, 0);
        atLeast("fragmentation-max", fragmentationMax, 1.0);
        atLeast("fragmentation-min-used-memory", fragmentationMinUsedMemory, 0);
        positive("certificate-expiry-warning", certificateExpiryWarning);
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static ConfigException invalid(String key, String problem) {
        return new ConfigException("alerts.thresholds." + key, problem);
    }

    private static void fraction(String key, double value) {
        if (!(value > 0 && value <= 1)) {
            throw invalid(key, "must be a ratio above 0 and at most 1, was " + value);
        }
    }

    private static void atLeast(String key, double value, double min) {
        if (!(value >= min)) {
            throw invalid(key, "must be at least " + min + ", was " + value);
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(key, "must be a positive duration, was " + value);
        }
    }

    /** Collects thresholds; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private double memoryCritical = DEFAULT_MEMORY_CRITICAL;
        private double memoryWarning = DEFAULT_MEMORY_WARNING;
        private long maxConnectedClients = DEFAULT_MAX_CONNECTED_CLIENTS;
        private Duration backupMaxAge = DEFAULT_BACKUP_MAX_AGE;
        private double hitRatioMin = DEFAULT_HIT_RATIO_MIN;
        private long hitRatioMinLookups = DEFAULT_HIT_RATIO_MIN_LOOKUPS;
        private double fragmentationMax = DEFAULT_FRAGMENTATION_MAX;
        private long fragmentationMinUsedMemory = DEFAULT_FRAGMENTATION_MIN_USED_MEMORY;
        private Duration certificateExpiryWarning = DEFAULT_CERTIFICATE_EXPIRY_WARNING;

        private Builder(AlertThresholds from) {
            if (from != null) {
                memoryCritical = from.memoryCritical;
                memoryWarning = from.memoryWarning;
                maxConnectedClients = from.maxConnectedClients;
                backupMaxAge = from.backupMaxAge;
                hitRatioMin = from.hitRatioMin;
                hitRatioMinLookups = from.hitRatioMinLookups;
                fragmentationMax = from.fragmentationMax;
                fragmentationMinUsedMemory = from.fragmentationMinUsedMemory;
                certificateExpiryWarning = from.certificateExpiryWarning;
            }
        }

        public Builder memoryCritical(double value) {
            memoryCritical = value;
            return this;
        }

        public Builder memoryWarning(double value) {
            memoryWarning = value;
            return this;
        }

        public Builder maxConnectedClients(long value) {
            maxConnectedClients = value;
            return this;
        }

        public Builder backupMaxAge(Duration value) {
            backupMaxAge = value;
            return this;
        }

        public Builder hitRatioMin(double value) {
            hitRatioMin = value;
            return this;
        }

        public Builder hitRatioMinLookups(long value) {
            hitRatioMinLookups = value;
            return this;
        }

        public Builder fragmentationMax(double value) {
            fragmentationMax = value;
            return this;
        }

        public Builder fragmentationMinUsedMemory(long value) {
            fragmentationMinUsedMemory = value;
            return this;
        }

        public Builder certificateExpiryWarning(Duration value) {
            certificateExpiryWarning = value;
            return this;
        }

        /** @throws ConfigException if a value is out of range */
        public AlertThresholds build() {
            return new AlertThresholds(
                    memoryCritical,
                    memoryWarning,
                    maxConnectedClients,
                    backupMaxAge,
                    hitRatioMin,
                    hitRatioMinLookups,
                    fragmentationMax,
                    fragmentationMinUsedMemory,
                    certificateExpiryWarning);
        }
    }
}

package io.steward.ops.config;

import io.steward.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits health checks judge against: the {@code thresholds} section of {@code steward.yaml},
 * whose keys are the kebab-case names given on each component. Ratios are fractions (0.70 = 70 %).
 * Build with {@link #builder()}; {@link #DEFAULTS} holds every {@code DEFAULT_*} value.
 *
 * @param pingWarn                 {@code ping-warn}: PING round trip above this warns
 * @param memoryWarn               {@code memory-warn}: used_memory / maxmemory at or above this warns
 * @param memoryCritical           {@code memory-critical}: ... is critical
 * @param fragmentationWarn        {@code fragmentation-warn}: mem_fragmentation_ratio at or above this warns
 * @param fragmentationCritical    {@code fragmentation-critical}: ... is critical
 * @param fragmentationMinUsed     {@code fragmentation-min-used}: bytes used below which fragmentation is not judged
 * @param fragmentationSwapBelow   {@code fragmentation-swap-below}: a ratio below this means the OS swaps Redis; warns
 * @param hitRatioWarn             {@code hit-ratio-warn}: keyspace hit ratio below this warns
 * @param hitRatioCritical         {@code hit-ratio-critical}: ... is critical
 * @param hitRatioMinLookups       {@code hit-ratio-min-lookups}: hits + misses below which the ratio is not judged
 * @param clientsWarn              {@code clients-warn}: connected_clients / maxclients at or above this warns
 * @param clientsCritical          {@code clients-critical}: ... is critical
 * @param rejectedConnectionsWarn  {@code rejected-connections-warn}: rejected_connections at or above this warns
 * @param lastSaveWarn             {@code last-save-warn}: a last successful RDB save older than this warns
 * @param replicationLagWarn       {@code replication-lag-warn}: replica lag above this warns (Redis
 *                                 {@code min-replicas-max-lag}, 10 s in hardened configs)
 * @param sentinelsMin             {@code sentinels-min}: fewer sentinels than this warns
 * @param certExpiryWarn           {@code cert-expiry-warn}: a certificate expiring within this warns
 * @param certExpiryCritical       {@code cert-expiry-critical}: ... is critical
 */
public record Thresholds(
        Duration pingWarn,
        double memoryWarn,
        double memoryCritical,
        double fragmentationWarn,
        double fragmentationCritical,
        long fragmentationMinUsed,
        double fragmentationSwapBelow,
        double hitRatioWarn,
        double hitRatioCritical,
        long hitRatioMinLookups,
        double clientsWarn,
        double clientsCritical,
        long rejectedConnectionsWarn,
        Duration lastSaveWarn,
        Duration replicationLagWarn,
        int sentinelsMin,
        Duration certExpiryWarn,
        Duration certExpiryCritical) {

    public static final Duration DEFAULT_PING_WARN = Duration.ofMillis(10);
    public static final double DEFAULT_MEMORY_WARN = 0.70;
    public static final double DEFAULT_MEMORY_CRITICAL = 0.85;
    public static final double DEFAULT_FRAGMENTATION_WARN = 1.5;
    public static final double DEFAULT_FRAGMENTATION_CRITICAL = 2.0;
    public static final long DEFAULT_FRAGMENTATION_MIN_USED = 64L * 1024 * 1024;
    public static final double DEFAULT_FRAGMENTATION_SWAP_BELOW = 1.0;
    public static final double DEFAULT_HIT_RATIO_WARN = 0.90;
    public static final double DEFAULT_HIT_RATIO_CRITICAL = 0.80;
    public static final long DEFAULT_HIT_RATIO_MIN_LOOKUPS = 1000;
    public static final double DEFAULT_CLIENTS_WARN = 0.50;
    public static final double DEFAULT_CLIENTS_CRITICAL = 0.80;
    public static final long DEFAULT_REJECTED_CONNECTIONS_WARN = 1;
    public static final Duration DEFAULT_LAST_SAVE_WARN = Duration.ofHours(24);
    public static final Duration DEFAULT_REPLICATION_LAG_WARN = Duration.ofSeconds(10);
    public static final int DEFAULT_SENTINELS_MIN = 3;
    public static final Duration DEFAULT_CERT_EXPIRY_WARN = Duration.ofDays(30);
    public static final Duration DEFAULT_CERT_EXPIRY_CRITICAL = Duration.ofDays(7);

    /** Every threshold at its default. */
    public static final Thresholds DEFAULTS = builder().build();

    /**
     * Validates every value and that each warning level comes before its critical level.
     *
     * @throws ConfigException naming the field ({@code thresholds.memory-warn}, ...) and the allowed range
     */
    public Thresholds {
        positive("ping-warn", pingWarn);
        fraction("memory-warn", memoryWarn);
        fraction("memory-critical", memoryCritical);
        ordered("memory-warn", memoryWarn, "memory-critical", memoryCritical);
        atLeast("fragmentation-warn", fragmentationWarn, 1.0);
        atLeast("fragmentation-critical", fragmentationCritical, 1.0);
        ordered("fragmentation-warn", fragmentationWarn, "fragmentation-critical", fragmentationCritical);
        atLeast("fragmentation-min-used", fragmentationMinUsed, 0);
        if (!(fragmentationSwapBelow > 0 && fragmentationSwapBelow <= fragmentationWarn)) {
            throw invalid(
                    "fragmentation-swap-below",
                    "must be above 0 and not above fragmentation-warn, was " + fragmentationSwapBelow);
        }
        fraction("hit-ratio-warn", hitRatioWarn);
        fraction("hit-ratio-critical", hitRatioCritical);
        if (hitRatioCritical >= hitRatioWarn) {
            throw invalid(
                    "hit-ratio-critical",
                    "must be below hit-ratio-warn (" + hitRatioWarn + "), was " + hitRatioCritical
                            + "; a lower hit ratio is worse");
        }
        atLeast("hit-ratio-min-lookups", hitRatioMinLookups, 0);
        fraction("clients-warn", clientsWarn);
        fraction("clients-critical", clientsCritical);
        ordered("clients-warn", clientsWarn, "clients-critical", clientsCritical);
        atLeast("rejected-connections-warn", rejectedConnectionsWarn, 1);
        positive("last-save-warn", lastSaveWarn);
        positive("replication-lag-warn", replicationLagWarn);
        atLeast("sentinels-min", sentinelsMin, 1);
        positive("cert-expiry-warn", certExpiryWarn);
        positive("cert-expiry-critical", certExpiryCritical);
        if (certExpiryCritical.compareTo(certExpiryWarn) >= 0) {
            throw invalid(
                    "cert-expiry-critical",
                    "must be shorter than cert-expiry-warn (" + certExpiryWarn.toDays() + "d), was "
                            + certExpiryCritical.toDays() + "d");
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static ConfigException invalid(String key, String problem) {
        return new ConfigException("thresholds." + key, problem);
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(key, "must be a positive duration such as 10ms, 30s, 24h or 7d, was " + value);
        }
    }

    private static void fraction(String key, double value) {
        if (!(value > 0 && value <= 1)) {
            throw invalid(key, "must be a ratio above 0 and at most 1 (such as 0.70 or 70%), was " + value);
        }
    }

    private static void atLeast(String key, double value, double min) {
        if (!(value >= min)) {
            throw invalid(key, "must be at least " + min + ", was " + value);
        }
    }

    private static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw invalid(key, "must be at least " + min + ", was " + value);
        }
    }

    private static void ordered(String warnKey, double warn, String criticalKey, double critical) {
        if (warn >= critical) {
            throw invalid(warnKey, "must be below " + criticalKey + " (" + critical + "), was " + warn);
        }
    }

    /** Mutable builder of {@link Thresholds}; not thread-safe. {@link #build()} validates. */
    public static final class Builder {
        private Duration pingWarn = DEFAULT_PING_WARN;
        private double memoryWarn = DEFAULT_MEMORY_WARN;
        private double memoryCritical = DEFAULT_MEMORY_CRITICAL;
        private double fragmentationWarn = DEFAULT_FRAGMENTATION_WARN;
        private double fragmentationCritical = DEFAULT_FRAGMENTATION_CRITICAL;
        private long fragmentationMinUsed = DEFAULT_FRAGMENTATION_MIN_USED;
        private double fragmentationSwapBelow = DEFAULT_FRAGMENTATION_SWAP_BELOW;
        private double hitRatioWarn = DEFAULT_HIT_RATIO_WARN;
        private double hitRatioCritical = DEFAULT_HIT_RATIO_CRITICAL;
        private long hitRatioMinLookups = DEFAULT_HIT_RATIO_MIN_LOOKUPS;
        private double clientsWarn = DEFAULT_CLIENTS_WARN;
        private double clientsCritical = DEFAULT_CLIENTS_CRITICAL;
        private long rejectedConnectionsWarn = DEFAULT_REJECTED_CONNECTIONS_WARN;
        private Duration lastSaveWarn = DEFAULT_LAST_SAVE_WARN;
        private Duration replicationLagWarn = DEFAULT_REPLICATION_LAG_WARN;
        private int sentinelsMin = DEFAULT_SENTINELS_MIN;
        private Duration certExpiryWarn = DEFAULT_CERT_EXPIRY_WARN;
        private Duration certExpiryCritical = DEFAULT_CERT_EXPIRY_CRITICAL;

        private Builder() {}

        private Builder(Thresholds t) {
            pingWarn = t.pingWarn;
            memoryWarn = t.memoryWarn;
            memoryCritical = t.memoryCritical;
            fragmentationWarn = t.fragmentationWarn;
            fragmentationCritical = t.fragmentationCritical;
            fragmentationMinUsed = t.fragmentationMinUsed;
            fragmentationSwapBelow = t.fragmentationSwapBelow;
            hitRatioWarn = t.hitRatioWarn;
            hitRatioCritical = t.hitRatioCritical;
            hitRatioMinLookups = t.hitRatioMinLookups;
            clientsWarn = t.clientsWarn;
            clientsCritical = t.clientsCritical;
            rejectedConnectionsWarn = t.rejectedConnectionsWarn;
            lastSaveWarn = t.lastSaveWarn;
            replicationLagWarn = t.replicationLagWarn;
            sentinelsMin = t.sentinelsMin;
            certExpiryWarn = t.certExpiryWarn;
            certExpiryCritical = t.certExpiryCritical;
        }

        public Builder pingWarn(Duration value) {
            pingWarn = Objects.requireNonNull(value, "pingWarn");
            return this;
        }

        public Builder memoryWarn(double value) {
            memoryWarn = value;
            return this;
        }

        public Builder memoryCritical(double value) {
            memoryCritical = value;
            return this;
        }

        public Builder fragmentationWarn(double value) {
            fragmentationWarn = value;
            return this;
        }

        public Builder fragmentationCritical(double value) {
            fragmentationCritical = value;
            return this;
        }

        public Builder fragmentationMinUsed(long bytes) {
            fragmentationMinUsed = bytes;
            return this;
        }

        public Builder fragmentationSwapBelow(double value) {
            fragmentationSwapBelow = value;
            return this;
        }

        public Builder hitRatioWarn(double value) {
            hitRatioWarn = value;
            return this;
        }

        public Builder hitRatioCritical(double value) {
            hitRatioCritical = value;
            return this;
        }

        public Builder hitRatioMinLookups(long value) {
            hitRatioMinLookups = value;
            return this;
        }

        public Builder clientsWarn(double value) {
            clientsWarn = value;
            return this;
        }

        public Builder clientsCritical(double value) {
            clientsCritical = value;
            return this;
        }

        public Builder rejectedConnectionsWarn(long value) {
            rejectedConnectionsWarn = value;
            return this;
        }

        public Builder lastSaveWarn(Duration value) {
            lastSaveWarn = Objects.requireNonNull(value, "lastSaveWarn");
            return this;
        }

        public Builder replicationLagWarn(Duration value) {
            replicationLagWarn = Objects.requireNonNull(value, "replicationLagWarn");
            return this;
        }

        public Builder sentinelsMin(int value) {
            sentinelsMin = value;
            return this;
        }

        public Builder certExpiryWarn(Duration value) {
            certExpiryWarn = Objects.requireNonNull(value, "certExpiryWarn");
            return this;
        }

        public Builder certExpiryCritical(Duration value) {
            certExpiryCritical = Objects.requireNonNull(value, "certExpiryCritical");
            return this;
        }

        /**
         * @throws ConfigException naming the first invalid field
         */
        public Thresholds build() {
            return new Thresholds(
                    pingWarn,
                    memoryWarn,
                    memoryCritical,
                    fragmentationWarn,
                    fragmentationCritical,
                    fragmentationMinUsed,
                    fragmentationSwapBelow,
                    hitRatioWarn,
                    hitRatioCritical,
                    hitRatioMinLookups,
                    clientsWarn,
                    clientsCritical,
                    rejectedConnectionsWarn,
                    lastSaveWarn,
                    replicationLagWarn,
                    sentinelsMin,
                    certExpiryWarn,
                    certExpiryCritical);
        }
    }
}

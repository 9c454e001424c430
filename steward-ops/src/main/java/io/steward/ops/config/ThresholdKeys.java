package io.steward.ops.config;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The keys of the {@code thresholds} section, shared by the loader and the writer so they cannot drift. */
final class ThresholdKeys {

    /** How a value is written. */
    enum Kind {
        /** A fraction, also written as a percentage ({@code 0.70} or {@code 70%}). */
        RATIO,
        /** A plain decimal number. */
        DECIMAL,
        /** A whole number. */
        COUNT,
        /** Bytes, with an optional unit ({@code 64mb}). */
        SIZE,
        /** A duration with a unit ({@code 10ms}, {@code 30s}, {@code 24h}, {@code 7d}). */
        DURATION
    }

    record Key(
            String name,
            Kind kind,
            Function<Thresholds, Object> getter,
            BiConsumer<Thresholds.Builder, Object> setter) {}

    static final List<Key> ALL = List.of(
            new Key("ping-warn", Kind.DURATION, Thresholds::pingWarn, (b, v) -> b.pingWarn((Duration) v)),
            new Key("memory-warn", Kind.RATIO, Thresholds::memoryWarn, (b, v) -> b.memoryWarn((Double) v)),
            new Key("memory-critical", Kind.RATIO, Thresholds::memoryCritical, (b, v) -> b.memoryCritical((Double) v)),
            new Key(
                    "fragmentation-warn",
                    Kind.DECIMAL,
                    Thresholds::fragmentationWarn,
                    (b, v) -> b.fragmentationWarn((Double) v)),
            new Key(
                    "fragmentation-critical",
                    Kind.DECIMAL,
                    Thresholds::fragmentationCritical,
                    (b, v) -> b.fragmentationCritical((Double) v)),
            new Key(
                    "fragmentation-min-used",
                    Kind.SIZE,
                    Thresholds::fragmentationMinUsed,
                    (b, v) -> b.fragmentationMinUsed((Long) v)),
            new Key(
                    "fragmentation-swap-below",
                    Kind.DECIMAL,
                    Thresholds::fragmentationSwapBelow,
                    (b, v) -> b.fragmentationSwapBelow((Double) v)),
            new Key("hit-ratio-warn", Kind.RATIO, Thresholds::hitRatioWarn, (b, v) -> b.hitRatioWarn((Double) v)),
            new Key(
                    "hit-ratio-critical",
                    Kind.RATIO,
                    Thresholds::hitRatioCritical,
                    (b, v) -> b.hitRatioCritical((Double) v)),
            new Key(
                    "hit-ratio-min-lookups",
                    Kind.COUNT,
                    Thresholds::hitRatioMinLookups,
                    (b, v) -> b.hitRatioMinLookups((Long) v)),
            new Key("clients-warn", Kind.RATIO, Thresholds::clientsWarn, (b, v) -> b.clientsWarn((Double) v)),
            new Key(
                    "clients-critical",
                    Kind.RATIO,
                    Thresholds::clientsCritical,
                    (b, v) -> b.clientsCritical((Double) v)),
            new Key(
                    "rejected-connections-warn",
                    Kind.COUNT,
                    Thresholds::rejectedConnectionsWarn,
                    (b, v) -> b.rejectedConnectionsWarn((Long) v)),
            new Key("last-save-warn", Kind.DURATION, Thresholds::lastSaveWarn, (b, v) -> b.lastSaveWarn((Duration) v)),
            new Key(
                    "replication-lag-warn",
                    Kind.DURATION,
                    Thresholds::replicationLagWarn,
                    (b, v) -> b.replicationLagWarn((Duration) v)),
            new Key(
                    "sentinels-min",
                    Kind.COUNT,
                    t -> (long) t.sentinelsMin(),
                    (b, v) -> b.sentinelsMin(Math.toIntExact((Long) v))),
            new Key(
                    "cert-expiry-warn",
                    Kind.DURATION,
                    Thresholds::certExpiryWarn,
                    (b, v) -> b.certExpiryWarn((Duration) v)),
            new Key(
                    "cert-expiry-critical",
                    Kind.DURATION,
                    Thresholds::certExpiryCritical,
                    (b, v) -> b.certExpiryCritical((Duration) v)));

    private ThresholdKeys() {}
}

package io.steward.ops.config;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The keys of {@code alerts.thresholds}, the kebab-case names of the {@link AlertThresholds}
 * components, shared by the loader and the writer so they cannot drift.
 */
final class AlertThresholdKeys {

    record Key(
            String name,
            ThresholdKeys.Kind kind,
            Function<AlertThresholds, Object> getter,
            BiConsumer<AlertThresholds.Builder, Object> setter) {}

    static final List<Key> ALL = List.of(
            new Key(
                    "memory-critical",
                    ThresholdKeys.Kind.RATIO,
                    AlertThresholds::memoryCritical,
                    (b, v) -> b.memoryCritical((Double) v)),
            new Key(
                    "memory-warning",
                    ThresholdKeys.Kind.RATIO,
                    AlertThresholds::memoryWarning,
                    (b, v) -> b.memoryWarning((Double) v)),
            new Key(
                    "max-connected-clients",
                    ThresholdKeys.Kind.COUNT,
                    AlertThresholds::maxConnectedClients,
                    (b, v) -> b.maxConnectedClients((Long) v)),
            new Key(
                    "backup-max-age",
                    ThresholdKeys.Kind.DURATION,
                    AlertThresholds::backupMaxAge,
                    (b, v) -> b.backupMaxAge((Duration) v)),
            new Key(
                    "hit-ratio-min",
                    ThresholdKeys.Kind.RATIO,
                    AlertThresholds::hitRatioMin,
                    (b, v) -> b.hitRatioMin((Double) v)),
            new Key(
                    "hit-ratio-min-lookups",
                    ThresholdKeys.Kind.COUNT,
                    AlertThresholds::hitRatioMinLookups,
                    (b, v) -> b.hitRatioMinLookups((Long) v)),
            new Key(
                    "fragmentation-max",
                    ThresholdKeys.Kind.DECIMAL,
                    AlertThresholds::fragmentationMax,
                    (b, v) -> b.fragmentationMax((Double) v)),
            new Key(
                    "fragmentation-min-used-memory",
                    ThresholdKeys.Kind.SIZE,
                    AlertThresholds::fragmentationMinUsedMemory,
                    (b, v) -> b.fragmentationMinUsedMemory((Long) v)),
            new Key(
                    "certificate-expiry-warning",
                    ThresholdKeys.Kind.DURATION,
                    AlertThresholds::certificateExpiryWarning,
                    (b, v) -> b.certificateExpiryWarning((Duration) v)));

    static List<String> names() {
        return ALL.stream().map(Key::name).toList();
    }

    private AlertThresholdKeys() {}
}

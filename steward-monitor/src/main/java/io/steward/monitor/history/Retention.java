package io.steward.monitor.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How long {@link MetricsHistory#maintain()} keeps each resolution. Slowlog entries and latency spikes
 * are kept as long as minute rollups, events as long as hour rollups.
 *
 * @param raw    raw samples
 * @param minute 1-minute rollups, slowlog entries and latency spikes
 * @param hour   1-hour rollups and events
 */
public record Retention(Duration raw, Duration minute, Duration hour) {

    public static final Duration DEFAULT_RAW = Duration.ofHours(24);
    public static final Duration DEFAULT_MINUTE = Duration.ofDays(7);
    public static final Duration DEFAULT_HOUR = Duration.ofDays(90);

    /** 24 hours raw, 7 days of minutes, 90 days of hours. */
    public static final Retention DEFAULT = new Retention(DEFAULT_RAW, DEFAULT_MINUTE, DEFAULT_HOUR);

    public Retention {
        requirePositive(raw, "raw");
        requirePositive(minute, "minute");
        requirePositive(hour, "hour");
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("retention." + name + " must be positive but was " + value);
        }
    }
}

package io.steward.monitor.history;

import java.time.Duration;

/** The granularity a {@link MetricsHistory#series series} is read at. */
public enum Resolution {
    /** Every recorded sample. */
    RAW(Duration.ZERO),
    /** 1-minute rollups. */
    MINUTE(Duration.ofMinutes(1)),
    /** 1-hour rollups. */
    HOUR(Duration.ofHours(1)),
    /**
     * The finest resolution whose retention still covers the start of the range and that gives at
     * most about 2,000 points: raw for ranges up to {@link #RAW_MAX_RANGE}, minutes up to
     * {@link #MINUTE_MAX_RANGE}, hours beyond.
     */
    AUTO(Duration.ZERO);

    /** The longest range {@link #AUTO} reads raw (about 2,000 points at a 10-second interval). */
    public static final Duration RAW_MAX_RANGE = Duration.ofHours(6);

    /** The longest range {@link #AUTO} reads at 1-minute resolution. */
    public static final Duration MINUTE_MAX_RANGE = Duration.ofHours(36);

    private final Duration bucket;

    Resolution(Duration bucket) {
        this.bucket = bucket;
    }

    /** The width of one rollup bucket; zero for {@link #RAW} and {@link #AUTO}. */
    public Duration bucket() {
        return bucket;
    }
}

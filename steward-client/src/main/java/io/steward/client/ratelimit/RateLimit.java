package io.steward.client.ratelimit;

import io.steward.client.internal.HashTags;
import java.time.Duration;
import java.util.Objects;

/**
 * One limit a {@link RateLimiter} enforces per identity, immutable: a name (part of the Redis key),
 * how many permits and over how long, and the algorithm.
 *
 * <h2>GCRA ({@link #gcra})</h2>
 * The generic cell rate algorithm spaces permits {@code period / limit} apart (the emission
 * interval {@code T}, rounded up to a whole microsecond) and lets {@code burst} of them come back
 * to back. Redis keeps one number per identity, the theoretical arrival time. The exact bound: any
 * {@code limit + burst - 1} consecutive permits span at least {@code period}, so any window of
 * length {@code period} (open at one end) holds at most {@code limit + burst - 1} permits. With the
 * default burst of 1 that is exactly {@code limit}, with strict spacing; a burst equal to the limit
 * admits up to {@code 2 * limit - 1} in a sliding period after an idle spell. A request for more
 * permits than the burst can never be admitted, so {@link RateLimiter#tryAcquire(String, long)}
 * refuses it.
 *
 * <h2>Sliding window ({@link #slidingWindow})</h2>
 * Exact: any {@code limit + 1} permits span more than {@code window}, so no window of length
 * {@code window}, whatever its start, holds more than {@code limit}, and bursts of up to
 * {@code limit} are allowed. Redis keeps the times of the last {@code limit} permits in a ring of
 * 8-byte slots (at most {@code 8 * limit + 48} bytes per identity; the key grows as it is used), so
 * a one-permit decision reads a 48-byte header (and one slot when it admits) whatever the limit; limits above
 * {@link #MAX_SLIDING_WINDOW_LIMIT} are refused (use GCRA for those).
 *
 * <h2>Changing a limit under the same name</h2>
 * The state in Redis outlives a deployment, so a limit changed under its name meets the state of the old one.
 * GCRA keeps its theoretical arrival time: permits granted under the old rate stay spent, and the new interval
 * and burst apply from the next decision. A sliding window records its limit beside its ring; a ring written
 * under another limit is rebuilt on first use, keeping the newest admission times, so the count within the
 * window stays exact (lowered from 10 to 5 after 7 admissions: refused until enough leave the window; raised
 * from 5 to 10 after 5: 5 more). Times the old ring no longer holds (dropped by a lowering, or overwritten
 * under a shorter window) are counted at the latest time they could have had: a raise may then refuse early,
 * for up to one window, but never admits more than the new limit in a window. A changed window alone needs
 * no rebuild: the ring holds times.
 */
public final class RateLimit {

    /** The largest sliding-window limit: its ring takes 8 bytes per permit per identity in Redis. */
    public static final long MAX_SLIDING_WINDOW_LIMIT = 100_000;

    /** The longest period or window, and the longest a GCRA burst may reach ahead. */
    public static final Duration MAX_PERIOD = Duration.ofDays(3660);

    private static final long MAX_PERIOD_MICROS = MAX_PERIOD.toNanos() / 1000;

    private final String name;
    private final boolean slidingWindow;
    private final long limit;
    private final Duration period;
    private final long burst;

    private RateLimit(String name, boolean slidingWindow, long limit, Duration period, long burst) {
        this.name = name;
        this.slidingWindow = slidingWindow;
        this.limit = limit;
        this.period = period;
        this.burst = burst;
    }

    /**
     * At most {@code limit} permits per {@code period}, evenly spaced (burst 1).
     *
     * @throws IllegalArgumentException naming the field: a blank name or one with braces, a limit below 1 or above
     *                                  the period in microseconds, a period under 1 ms or above {@link #MAX_PERIOD}
     */
    public static RateLimit gcra(String name, long limit, Duration period) {
        RateLimit gcra = new RateLimit(checkName(name), false, limit, period, 1);
        gcra.checkPeriod("period");
        if (limit > micros(period)) {
            throw new IllegalArgumentException(
                    "limit of '" + name + "' must be at most one per microsecond of its period, was " + limit);
        }
        return gcra;
    }

    /**
     * At most {@code limit} permits in any window of length {@code window}.
     *
     * @throws IllegalArgumentException naming the field: a blank name or one with braces, a limit below 1 or above
     *                                  {@link #MAX_SLIDING_WINDOW_LIMIT}, a window under 1 ms or above {@link #MAX_PERIOD}
     */
    public static RateLimit slidingWindow(String name, long limit, Duration window) {
        RateLimit sliding = new RateLimit(checkName(name), true, limit, window, 0);
        sliding.checkPeriod("window");
        if (limit > MAX_SLIDING_WINDOW_LIMIT) {
            throw new IllegalArgumentException("limit of sliding window '" + name + "' must be at most "
                    + MAX_SLIDING_WINDOW_LIMIT + " (use GCRA above), was " + limit);
        }
        return sliding;
    }

    /**
     * This GCRA limit with {@code burst} permits allowed back to back (1, the default, is strict spacing).
     *
     * @throws IllegalArgumentException for a sliding window, a burst below 1, or a burst that reaches further ahead
     *                                  than {@link #MAX_PERIOD}
     */
    public RateLimit withBurst(long burst) {
        if (slidingWindow) {
            throw new IllegalArgumentException(
                    "burst is for GCRA limits; sliding window '" + name + "' already admits up to its limit at once");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst of '" + name + "' must be >= 1, was " + burst);
        }
        if (burst > MAX_PERIOD_MICROS / emissionIntervalMicros()) {
            throw new IllegalArgumentException(
                    "burst of '" + name + "' must not reach further ahead than " + MAX_PERIOD + ", was " + burst);
        }
        return new RateLimit(name, false, limit, period, burst);
    }

    /** The name, unique within a limiter; the last part of the key in Redis. */
    public String name() {
        return name;
    }

    /** Permits per period (GCRA) or per window (sliding window). */
    public long limit() {
        return limit;
    }

    /** The period (GCRA) or the window (sliding window). */
    public Duration period() {
        return period;
    }

    /** Permits allowed back to back: the GCRA burst, or the limit for a sliding window. */
    public long burst() {
        return slidingWindow ? limit : burst;
    }

    /** Whether this is a sliding window ({@code false}: GCRA). */
    public boolean isSlidingWindow() {
        return slidingWindow;
    }

    /** The most permits one request may ask for: larger requests could never be admitted. */
    long maxPermits() {
        return burst();
    }

    /** GCRA's emission interval, {@code period / limit} rounded up to a microsecond so the bound holds exactly. */
    long emissionIntervalMicros() {
        long p = micros(period);
        return (p + limit - 1) / limit;
    }

    long periodMicros() {
        return micros(period);
    }

    private void checkPeriod(String field) {
        Objects.requireNonNull(period, field);
        if (limit < 1) {
            throw new IllegalArgumentException("limit of '" + name + "' must be >= 1, was " + limit);
        }
        if (period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException(
                    field + " of '" + name + "' must be between 1 ms and " + MAX_PERIOD + ", was " + period);
        }
    }

    private static String checkName(String name) {
        if (HashTags.requireNoBraces(name, "name").isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return name;
    }

    private static long micros(Duration d) {
        return d.getSeconds() * 1_000_000L + d.getNano() / 1000;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit other
                && name.equals(other.name)
                && slidingWindow == other.slidingWindow
                && limit == other.limit
                && period.equals(other.period)
                && burst == other.burst;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, slidingWindow, limit, period, burst);
    }

    @Override
    public String toString() {
        return slidingWindow
                ? "slidingWindow(" + name + ": " + limit + " per " + period + ")"
                : "gcra(" + name + ": " + limit + " per " + period + ", burst " + burst + ")";
    }
}

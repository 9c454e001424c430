package io.steward.bench;

/**
 * A log-linear histogram of durations in nanoseconds: 64 buckets per power of two, so a recorded value is known to
 * within 1.6 %, from 1 ns to hours, in a few thousand counters. One per thread while measuring (not thread-safe),
 * {@link #add merged} afterwards.
 */
final class LatencyHistogram {

    private static final int SUB_BUCKETS = 64;
    private static final int SUB_BITS = 6;
    private static final int BUCKETS = SUB_BUCKETS + (Long.SIZE - SUB_BITS) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;

    void record(long nanos) {
        counts[index(Math.max(0, nanos))]++;
        total++;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    long count() {
        return total;
    }

    /** The {@code percentile} (0-100, nearest rank) in milliseconds, rounded to the microsecond; 0 when empty. */
    double percentileMs(double percentile) {
        return Math.round(percentileNanos(percentile) / 1_000.0) / 1000.0;
    }

    /**
     * The {@code percentile} (0-100, nearest rank) in nanoseconds, the middle of its bucket (within 1.6 %); 0 when
     * empty. For latencies below a microsecond, which {@link #percentileMs} rounds away.
     */
    double percentileNanos(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return midpoint(i);
            }
        }
        throw new IllegalStateException("counts do not add up to " + total);
    }

    static int index(long nanos) {
        if (nanos < SUB_BUCKETS) {
            return (int) nanos;
        }
        int shift = (Long.SIZE - 1 - Long.numberOfLeadingZeros(nanos)) - SUB_BITS;
        return SUB_BUCKETS + shift * SUB_BUCKETS + (int) ((nanos >>> shift) - SUB_BUCKETS);
    }

    static double midpoint(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = (index - SUB_BUCKETS) / SUB_BUCKETS;
        long top = SUB_BUCKETS + (index - SUB_BUCKETS) % SUB_BUCKETS;
        return ((double) (top << shift) + (double) ((top + 1) << shift)) / 2.0;
    }
}

package io.steward.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Latency percentiles of a set of timings, in milliseconds rounded to the microsecond. Percentiles
 * are nearest-rank; the median of an even count is the mean of the middle two.
 *
 * @param medianMs the median
 * @param p90Ms    the 90th percentile
 * @param p99Ms    the 99th percentile
 * @param minMs    the fastest
 * @param maxMs    the slowest
 * @param count    how many timings there were
 */
record LatencySummary(double medianMs, double p90Ms, double p99Ms, double minMs, double maxMs, int count) {

    /**
     * @throws IllegalArgumentException when {@code nanos} is empty
     */
    static LatencySummary ofNanos(List<Long> nanos) {
        if (nanos.isEmpty()) {
            throw new IllegalArgumentException("no timings");
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
        return new LatencySummary(
                ms(median),
                ms(nearestRank(sorted, 90)),
                ms(nearestRank(sorted, 99)),
                ms(sorted.get(0)),
                ms(sorted.get(n - 1)),
                n);
    }

    static long nearestRank(List<Long> sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double ms(double nanos) {
        return Math.round(nanos / 1_000.0) / 1000.0;
    }
}

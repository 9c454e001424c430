package io.steward.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Minimum, median and maximum of a set of measurements, in seconds rounded to milliseconds.
 *
 * @param min    the smallest value, or null when there was none
 * @param median the median (mean of the middle two for an even count), or null when there was none
 * @param max    the largest value, or null when there was none
 * @param count  how many values there were
 */
record Summary(Double min, Double median, Double max, int count) {

    /** Summarises the non-null values of {@code values}; nulls (unmeasured runs) are left out. */
    static Summary of(List<Double> values) {
        List<Double> sorted =
                new ArrayList<>(values.stream().filter(Objects::nonNull).toList());
        if (sorted.isEmpty()) {
            return new Summary(null, null, null, 0);
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return new Summary(sorted.get(0), Seconds.round(Median.of(sorted)), sorted.get(n - 1), n);
    }
}

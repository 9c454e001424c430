package io.steward.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median of a set of measurements (the mean of the middle two for an even count). */
final class Median {

    private Median() {}

    /**
     * @throws IllegalArgumentException when {@code values} is empty
     */
    static double of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    static long ofLongs(List<Long> values) {
        return Math.round(of(values.stream().map(Long::doubleValue).toList()));
    }
}

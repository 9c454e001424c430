package io.steward.bench;

/** Conversions of {@link System#nanoTime()} differences to seconds as the reports show them. */
final class Seconds {

    private Seconds() {}

    /** {@code nanos} in seconds, rounded to the millisecond. */
    static double of(long nanos) {
        return Math.round(nanos / 1_000_000.0) / 1000.0;
    }

    /** {@code seconds} rounded to the millisecond. */
    static double round(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }

    /** {@code numerator / denominator} rounded to two decimals, or null when either is unmeasured or zero. */
    static Double ratio(Double numerator, Double denominator) {
        if (numerator == null || denominator == null || denominator == 0.0) {
            return null;
        }
        return Math.round(numerator / denominator * 100.0) / 100.0;
    }
}

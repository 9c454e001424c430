package io.steward.bench;

import java.util.Arrays;

/**
 * Counts what a rate limiter admitted against its contract, from the instants of its allowed decisions alone: the
 * most admissions in any window {@code (t - window, t]}, and how many admissions came when their window already held
 * {@code bound} others.
 *
 * @param admitted      allowed decisions
 * @param maxInWindow   the most admissions in any window of the given length
 * @param overAdmitted  admissions that made their window hold more than the bound
 */
record AdmissionCheck(long admitted, long maxInWindow, long overAdmitted) {

    /**
     * @param stamps      the instants of the allowed decisions, in nanoseconds on one clock, any order (sorted in place)
     * @param count       how many of {@code stamps} are filled
     * @param windowNanos the window length
     * @param bound       the most admissions the contract allows in one window
     */
    static AdmissionCheck of(long[] stamps, int count, long windowNanos, long bound) {
        Arrays.sort(stamps, 0, count);
        long max = 0;
        long over = 0;
        int first = 0;
        for (int i = 0; i < count; i++) {
            while (stamps[first] <= stamps[i] - windowNanos) {
                first++;
            }
            long inWindow = i - first + 1;
            max = Math.max(max, inWindow);
            if (inWindow > bound) {
                over++;
            }
        }
        return new AdmissionCheck(count, max, over);
    }
}

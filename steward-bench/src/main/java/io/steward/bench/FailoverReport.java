package io.steward.bench;

import java.util.List;
import java.util.Map;

/**
 * Result of the {@code failover} benchmark.
 *
 * @param benchmark  always {@code failover}
 * @param parameters the run parameters
 * @param peer       how the peer connects
 * @param goal       the goal for Steward's gap and whether every run met it
 * @param median     medians over the runs, and the ratio of the gap medians (steward / lettuce)
 * @param lostAcknowledgedWrites acknowledged writes the new master lacked, summed over the runs, per client
 * @param runs       every run
 */
record FailoverReport(
        String benchmark,
        Map<String, Object> parameters,
        String peer,
        Goal goal,
        Medians median,
        Map<String, Long> lostAcknowledgedWrites,
        List<FailoverRunResult> runs) {

    /**
     * @param stewardGapAtMostSeconds down-after + 2 s
     * @param met                     whether Steward's gap met it in every run
     * @param runsMissing             the runs in which it did not
     */
    record Goal(double stewardGapAtMostSeconds, boolean met, List<Integer> runsMissing) {}

    /**
     * @param switchSeconds     kill to the first {@code +switch-master} on any sentinel
     * @param stewardGapSeconds Steward's gap
     * @param lettuceGapSeconds the peer's gap
     * @param ratio             stewardGapSeconds / lettuceGapSeconds
     */
    record Medians(Double switchSeconds, Double stewardGapSeconds, Double lettuceGapSeconds, Double ratio) {}
}

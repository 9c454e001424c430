package io.steward.bench;

import java.util.List;
import java.util.Map;

/**
 * Result of the {@code failover} benchmark.
 *
 * @param benchmark  always {@code failover}
 * @param parameters the run parameters
 * @param peers      how each peer connects
 * @param goal       the goal for Steward's gap and whether every run met it
 * @param median     medians over the runs
 * @param lostAcknowledgedWrites acknowledged writes the new master lacked, summed over the runs, per client
 * @param runs       every run
 */
record FailoverReport(
        String benchmark,
        Map<String, Object> parameters,
        Map<String, String> peers,
        Goal goal,
        Medians median,
        Map<String, Long> lostAcknowledgedWrites,
        List<FailoverRunResult> runs) {

    /**
     * @param stewardGapAtMostSecondsAfterSwitch how long after the first {@code +switch-master} Steward's gap may end
     * @param met                     whether Steward's gap met it in every run
     * @param runsMissing             the runs in which it did not
     */
    record Goal(double stewardGapAtMostSecondsAfterSwitch, boolean met, List<Integer> runsMissing) {}

    /**
     * @param switchSeconds  kill to the first {@code +switch-master} on any sentinel
     * @param gapSeconds     each client's gap
     * @param stewardGapRatio Steward's gap median divided by each peer's
     */
    record Medians(Double switchSeconds, Map<String, Double> gapSeconds, Map<String, Double> stewardGapRatio) {}
}

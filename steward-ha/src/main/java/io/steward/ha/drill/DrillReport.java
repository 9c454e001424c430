package io.steward.ha.drill;

import io.steward.provision.TopologyMode;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a drill: every run, their summary and the overall verdict.
 *
 * @param deployment the deployment's name
 * @param topology   sentinel or cluster
 * @param options    what was asked for
 * @param limits     the timeouts read from the deployment and the limits derived from them
 * @param startedAt  when the drill started
 * @param finishedAt when the last run ended
 * @param runs       in order
 * @param summary    medians and maxima over the runs
 */
public record DrillReport(
        String deployment,
        TopologyMode topology,
        DrillOptions options,
        DrillLimits limits,
        Instant startedAt,
        Instant finishedAt,
        List<DrillRun> runs,
        DrillSummary summary) {

    public DrillReport {
        runs = List.copyOf(runs);
    }

    /** The worst verdict of any run. */
    public DrillVerdict verdict() {
        return summary.verdict();
    }
}

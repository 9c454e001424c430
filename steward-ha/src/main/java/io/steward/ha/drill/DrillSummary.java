package io.steward.ha.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Medians and maxima over the runs of a drill. A figure no run observed has neither.
 *
 * @param runs                         how many runs
 * @param sdownMillis                  over the runs that observed it
 * @param odownMillis                  likewise
 * @param switchMillis                 likewise
 * @param writeGapMillis               over every run
 * @param ackedWrites                  likewise
 * @param lostAckedWrites              likewise
 * @param oldMasterAcceptedAfterSwitch likewise
 * @param oldMasterRejoined            whether the old master rejoined in every run
 * @param runsRejoined                 in how many runs it did
 * @param ackedPerSecond               throughput before the fault
 * @param durableRatio                 durable over plain throughput, when durable
 * @param verdict                      the worst verdict of any run
 */
public record DrillSummary(
        int runs,
        Stat sdownMillis,
        Stat odownMillis,
        Stat switchMillis,
        Stat writeGapMillis,
        Stat ackedWrites,
        Stat lostAckedWrites,
        Stat oldMasterAcceptedAfterSwitch,
        boolean oldMasterRejoined,
        int runsRejoined,
        StatD ackedPerSecond,
        StatD durableRatio,
        DrillVerdict verdict) {

    /** Median (the lower middle value for an even count) and maximum; both {@code null} without values. */
    public record Stat(Long median, Long max) {}

    /** As {@link Stat}, for rates and ratios. */
    public record StatD(Double median, Double max) {}

    /** The summary of {@code runs}, which must not be empty. */
    public static DrillSummary of(List<DrillRun> runs) {
        DrillVerdict verdict = DrillVerdict.PASS;
        int rejoined = 0;
        for (DrillRun run : runs) {
            verdict = verdict.worst(run.verdict());
            rejoined += run.oldMasterRejoined() ? 1 : 0;
        }
        return new DrillSummary(
                runs.size(),
                stat(runs, DrillRun::sdownMillis),
                stat(runs, DrillRun::odownMillis),
                stat(runs, DrillRun::switchMillis),
                stat(runs, DrillRun::writeGapMillis),
                stat(runs, DrillRun::ackedWrites),
                stat(runs, DrillRun::lostAckedWrites),
                stat(runs, DrillRun::oldMasterAcceptedAfterSwitch),
                rejoined == runs.size(),
                rejoined,
                statD(runs, r -> r.throughput().ackedPerSecond()),
                statD(runs, r -> r.throughput().durableRatio()),
                verdict);
    }

    static Stat stat(List<DrillRun> runs, Function<DrillRun, Long> figure) {
        List<Long> values = new ArrayList<>(
                runs.stream().map(figure).filter(Objects::nonNull).toList());
        if (values.isEmpty()) {
            return new Stat(null, null);
        }
        values.sort(null);
        return new Stat(values.get((values.size() - 1) / 2), values.get(values.size() - 1));
    }

    static StatD statD(List<DrillRun> runs, Function<DrillRun, Double> figure) {
        List<Double> values = new ArrayList<>(
                runs.stream().map(figure).filter(Objects::nonNull).toList());
        if (values.isEmpty()) {
            return new StatD(null, null);
        }
        values.sort(null);
        return new StatD(values.get((values.size() - 1) / 2), values.get(values.size() - 1));
    }
}

package io.steward.ha.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
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
                medianAndMax(runs, DrillRun::sdownMillis, Stat::new),
                medianAndMax(runs, DrillRun::odownMillis, Stat::new),
                medianAndMax(runs, DrillRun::switchMillis, Stat::new),
                medianAndMax(runs, DrillRun::writeGapMillis, Stat::new),
                medianAndMax(runs, DrillRun::ackedWrites, Stat::new),
                medianAndMax(runs, DrillRun::lostAckedWrites, Stat::new),
                medianAndMax(runs, DrillRun::oldMasterAcceptedAfterSwitch, Stat::new),
                rejoined == runs.size(),
                rejoined,
                medianAndMax(runs, r -> r.throughput().ackedPerSecond(), StatD::new),
                medianAndMax(runs, r -> r.throughput().durableRatio(), StatD::new),
                verdict);
    }

    /** The median (lower middle) and maximum of {@code figure} over the runs that have it, made into {@code S}. */
    static <T extends Comparable<T>, S> S medianAndMax(
            List<DrillRun> runs, Function<DrillRun, T> figure, BiFunction<T, T, S> make) {
        List<T> values = new ArrayList<>(
                runs.stream().map(figure).filter(Objects::nonNull).toList());
        if (values.isEmpty()) {
            return make.apply(null, null);
        }
        values.sort(null);
        return make.apply(values.get((values.size() - 1) / 2), values.get(values.size() - 1));
    }
}

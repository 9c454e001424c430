package io.steward.bench;

import java.util.List;

/**
 * A goal of the issue and whether this run met it.
 *
 * @param goal     what was asked, e.g. "Steward uncontended >= 2.0 x RLock"
 * @param perRound the ratio in each round, each taken within one round; empty for counts
 * @param median   the median of {@code perRound}, or the count for a goal on a count
 * @param met      whether the median (or count) meets the goal
 */
record Goal(String goal, List<Double> perRound, double median, boolean met) {

    static Goal ratio(String goal, List<Double> perRound, boolean higherIsBetter, double target) {
        double median = Median.of(perRound);
        return new Goal(goal, perRound, median, higherIsBetter ? median >= target : median <= target);
    }

    static Goal zero(String goal, long count) {
        return new Goal(goal, List.of(), count, count == 0);
    }

    static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : Math.round(numerator / denominator * 100.0) / 100.0;
    }

    static String table(List<Goal> goals) {
        TextTable table = TextTable.of("goal", "per round (each within one round)", "median", "");
        for (Goal g : goals) {
            table.row(
                    g.goal(),
                    String.join(
                            ", ", g.perRound().stream().map(TextTable::ratio).toList()),
                    g.perRound().isEmpty() ? String.format("%.0f", g.median()) : TextTable.ratio(g.median()),
                    TextTable.metOrNot(g.met()));
        }
        return table.render();
    }
}

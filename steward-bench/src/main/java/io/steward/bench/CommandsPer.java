package io.steward.bench;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Commands and connections per unit of work (a scrape, a collection round): the difference of two
 * {@link CommandStats} snapshots around the work, less what arrives anyway at the rate of a baseline
 * window without that work (replication acks, Sentinel pings and hellos, scheduled collection),
 * divided by the units. Values are rounded to two decimals; by name, those under {@link #NOISE} per unit
 * are left out (they still count in {@link #commands()}).
 *
 * @param commands    commands per unit, all names together
 * @param byCommand   commands per unit by name
 * @param rejected    of those, refused before running (ACL), by name
 * @param connections connections opened per unit
 */
record CommandsPer(double commands, Map<String, Double> byCommand, Map<String, Double> rejected, double connections) {

    /** Below this many commands per unit a name is noise (a Sentinel hello more or less), not a cost of the work. */
    static final double NOISE = 0.05;

    CommandsPer {
        byCommand = Collections.unmodifiableMap(new TreeMap<>(byCommand));
        rejected = Collections.unmodifiableMap(new TreeMap<>(rejected));
    }

    /**
     * @param delta           what arrived while the work ran, over {@code seconds}
     * @param baseline        what arrived over {@code baselineSeconds} without the work
     * @param units           how many units of work there were, at least 1
     */
    static CommandsPer of(
            CommandStats delta, double seconds, CommandStats baseline, double baselineSeconds, long units) {
        if (units < 1 || baselineSeconds <= 0) {
            throw new IllegalArgumentException("units and baselineSeconds must be positive");
        }
        double scale = seconds / baselineSeconds;
        Map<String, Double> by = perUnit(delta.sent(), baseline.sent(), scale, units);
        Map<String, Double> rejected = perUnit(delta.rejected(), baseline.rejected(), scale, units);
        double total = (delta.total() - baseline.total() * scale) / units;
        double connections = (delta.connections() - baseline.connections() * scale) / units;
        return new CommandsPer(round(total), by, rejected, round(connections));
    }

    private static Map<String, Double> perUnit(
            Map<String, Long> delta, Map<String, Long> baseline, double scale, long units) {
        Set<String> names = new TreeSet<>(delta.keySet());
        names.addAll(baseline.keySet());
        Map<String, Double> out = new TreeMap<>();
        for (String name : names) {
            double v = (delta.getOrDefault(name, 0L) - baseline.getOrDefault(name, 0L) * scale) / units;
            if (Math.abs(v) >= NOISE) {
                out.put(name, round(v));
            }
        }
        return out;
    }

    private static double round(double v) {
        double r = Math.round(v * 100.0) / 100.0;
        return r == 0.0 ? 0.0 : r; // no -0.0 in the report
    }
}

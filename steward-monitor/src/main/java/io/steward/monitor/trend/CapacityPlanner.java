package io.steward.monitor.trend;

import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.history.NodeSample;
import io.steward.monitor.history.Point;
import io.steward.monitor.history.Resolution;
import io.steward.monitor.trend.CapacityReport.Advice;
import io.steward.monitor.trend.CapacityReport.NodeCapacity;
import io.steward.monitor.trend.CapacityReport.Recommendation;
import io.steward.monitor.trend.CapacityReport.Trend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Projects memory growth from a {@link MetricsHistory} into a {@link CapacityReport}.
 *
 * <p><b>Which nodes.</b> Replicas mirror their master's memory, so only masters are planned: the
 * nodes whose newest sample says {@link MetricField#ROLE_MASTER role_master} 1. When the history
 * holds no master (older samples carry no role), only the node using the most memory is planned.
 *
 * <p><b>Growth.</b> Least-squares lines over time through {@code used_memory}, keys and
 * {@code connected_clients}, read at {@link Resolution#AUTO} for the window (hour rollups for weeks).
 * When that gives fewer than {@link #MIN_POINTS} points the planner also tries the last 36 hours at
 * minute resolution, then the last 6 hours raw, and keeps the read with the most points, so a young
 * history is still measured. With less than
 * {@link #MIN_SPAN} of data or fewer than {@link #MIN_POINTS} points nothing is projected and the
 * recommendation is {@link Recommendation#INSUFFICIENT_DATA}. Days until 70, 85 and 100 % of
 * {@code maxmemory} start from the current {@code used_memory} (the newest sample) at the fitted
 * slope.
 *
 * <p><b>Recommendation</b> with {@code maxmemory} set, the first that holds:
 * {@link Recommendation#EMERGENCY} when 100 % is reached within 7 days or memory is at 95 % or more;
 * {@link Recommendation#ADD_MEMORY_NOW} when 85 % is reached within 30 days or memory is at 85 % or
 * more; {@link Recommendation#PLAN_GROWTH} when 85 % is reached within 90 days; otherwise
 * {@link Recommendation#MONITOR}. Without {@code maxmemory}: {@link Recommendation#SET_MAXMEMORY}.
 *
 * <p><b>Advice.</b> INFO does not split reads from writes, so total ops/s stands in for read load:
 * {@link Advice.Kind#ADD_REPLICAS} when the master averages 40,000 ops/s or more over the window
 * (half of what the Cluster rule allows one master), or when {@code connected_clients} grows per
 * week by at least 10 % of the current count and at least 10 clients.
 * {@link Advice.Kind#MOVE_TO_CLUSTER} when {@code used_memory} projected 90 days ahead exceeds 25 GiB
 * (beyond that one master's fork, full syncs and restarts get slow) or ops/s peaks above 80,000 on
 * one master (about what one Redis thread serves before latency suffers).
 *
 * <p>The window ends at the history's {@link MetricsHistory#now() now}, which comes from the clock the
 * history was opened with. Thread-safe.
 */
public final class CapacityPlanner {

    /** The fewest {@code used_memory} points the planner projects from. */
    public static final int MIN_POINTS = 10;

    /** The shortest span of history the planner projects from. */
    public static final Duration MIN_SPAN = Duration.ofHours(2);

    private static final double EMERGENCY_FRACTION = 0.95;
    private static final double CRITICAL_FRACTION = 0.85;
    private static final int HORIZON_DAYS = 90;
    private static final int ADD_MEMORY_DAYS = 30;
    private static final int EMERGENCY_DAYS = 7;
    private static final double REPLICA_OPS_PER_SEC = 40_000;
    private static final double CLIENT_GROWTH_SHARE_PER_WEEK = 0.10;
    private static final double MIN_CLIENT_GROWTH_PER_WEEK = 10;
    private static final double CLUSTER_MEMORY_BYTES = 25.0 * (1L << 30);
    private static final double CLUSTER_OPS_PER_SEC = 80_000;

    private CapacityPlanner() {}

    /**
     * The capacity plan from the {@code window} that ends at the history's {@link MetricsHistory#now()
     * now}.
     *
     * @throws IllegalArgumentException if {@code window} is not positive
     * @throws io.steward.monitor.history.HistoryStoreException when the history cannot be read
     */
    public static CapacityReport plan(MetricsHistory history, Duration window) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive but was " + window);
        }
        Instant to = history.now();
        Instant from = to.minus(window);
        List<NodeReader> withMemory = history.nodes(from, to).stream()
                .map(node -> new NodeReader(history, node, history.latest(node), from, to))
                .filter(reader -> reader.current(MetricField.USED_MEMORY).isPresent())
                .toList();
        List<NodeReader> masters =
                withMemory.stream().filter(NodeReader::isMaster).toList();
        List<NodeReader> planned = !masters.isEmpty()
                ? masters
                : withMemory.stream()
                        .max(Comparator.comparingDouble(
                                r -> r.current(MetricField.USED_MEMORY).orElseThrow()))
                        .stream()
                        .toList();
        Optional<Instant> historySince = history.oldestSample()
                .filter(oldest -> oldest.isBefore(to))
                .map(oldest -> oldest.isAfter(from) ? oldest : from);
        return new CapacityReport(
                from,
                to,
                historySince,
                !masters.isEmpty(),
                planned.stream().map(NodeReader::plan).toList());
    }

    /** One node's data over the window. */
    private record NodeReader(
            MetricsHistory history, String node, Optional<NodeSample> latest, Instant from, Instant to) {

        /** The newest value of {@code field}: the newest raw sample, else the newest rollup point. */
        OptionalDouble current(String field) {
            Double raw = latest.map(s -> s.fields().get(field)).orElse(null);
            if (raw != null) {
                return OptionalDouble.of(raw);
            }
            List<Point> points = history.series(node, field, from, to, Resolution.AUTO);
            return points.isEmpty()
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(points.get(points.size() - 1).avg());
        }

        boolean isMaster() {
            return current(MetricField.ROLE_MASTER).orElse(0) >= 0.5;
        }

        NodeCapacity plan() {
            Window window = window();
            List<Point> memory = window.memory();
            Duration span = memory.isEmpty()
                    ? Duration.ZERO
                    : Duration.between(
                            memory.get(0).at(), memory.get(memory.size() - 1).at());
            long usedMemory = Math.round(current(MetricField.USED_MEMORY).orElse(0));
            long maxmemory = Math.round(current(MetricField.MAXMEMORY).orElse(0));
            List<Point> ops = read(window, MetricField.OPS_PER_SEC);
            double averageOps = Series.average(ops);
            double peakOps = Series.peak(ops).orElse(0.0);
            if (memory.size() < MIN_POINTS || span.compareTo(MIN_SPAN) < 0) {
                return new NodeCapacity(
                        node,
                        window.resolution(),
                        memory.size(),
                        span,
                        usedMemory,
                        maxmemory,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalDouble.empty(),
                        OptionalDouble.empty(),
                        OptionalDouble.empty(),
                        OptionalDouble.empty(),
                        averageOps,
                        peakOps,
                        Recommendation.INSUFFICIENT_DATA,
                        List.of());
            }
            LinearFit memoryFit = LinearFit.of(memory);
            double slope = memoryFit.slopePerDay();
            Optional<Trend> clients = trend(read(window, MetricField.CONNECTED_CLIENTS));
            OptionalDouble to70 = daysUntil(0.70, usedMemory, maxmemory, slope);
            OptionalDouble to85 = daysUntil(CRITICAL_FRACTION, usedMemory, maxmemory, slope);
            OptionalDouble to100 = daysUntil(1.0, usedMemory, maxmemory, slope);
            double projected = usedMemory + Math.max(0, slope) * HORIZON_DAYS;
            List<Advice> advice = new ArrayList<>();
            replicaAdvice(
                            averageOps,
                            clients,
                            current(MetricField.CONNECTED_CLIENTS).orElse(0))
                    .ifPresent(advice::add);
            clusterAdvice(projected, peakOps).ifPresent(advice::add);
            return new NodeCapacity(
                    node,
                    window.resolution(),
                    memory.size(),
                    span,
                    usedMemory,
                    maxmemory,
                    trend(memory),
                    trend(read(window, MetricField.KEYS)),
                    clients,
                    to70,
                    to85,
                    to100,
                    OptionalDouble.of(projected),
                    averageOps,
                    peakOps,
                    recommend(usedMemory, maxmemory, to85, to100),
                    advice);
        }

        /**
         * The whole window at AUTO resolution or, when that gives fewer than {@link #MIN_POINTS} memory
         * points, the end of it at a finer resolution if that gives more.
         */
        private Window window() {
            Duration whole = Duration.between(from, to);
            Window best = null;
            for (Duration range : List.of(whole, Resolution.MINUTE_MAX_RANGE, Resolution.RAW_MAX_RANGE)) {
                Instant start = range.compareTo(whole) < 0 ? to.minus(range) : from;
                Resolution resolution = history.resolutionFor(start, to);
                if (best != null && resolution == best.resolution()) {
                    continue;
                }
                Window candidate = new Window(
                        start, resolution, history.series(node, MetricField.USED_MEMORY, start, to, resolution));
                if (best == null || candidate.memory().size() > best.memory().size()) {
                    best = candidate;
                }
                if (best.memory().size() >= MIN_POINTS) {
                    break;
                }
            }
            return best;
        }

        private List<Point> read(Window window, String field) {
            return history.series(node, field, window.from(), to, window.resolution());
        }
    }

    /** Where and how finely the planner reads a node's series, and the memory series read there. */
    private record Window(Instant from, Resolution resolution, List<Point> memory) {}

    private static Optional<Trend> trend(List<Point> points) {
        if (points.size() < 2) {
            return Optional.empty();
        }
        LinearFit fit = LinearFit.of(points);
        return Optional.of(new Trend(fit.slopePerDay() * 7, fit.rSquared(), fit.points()));
    }

    /** 0 when already reached; empty without a limit, or when not reached and not growing. */
    private static OptionalDouble daysUntil(double fraction, long usedMemory, long maxmemory, double slopePerDay) {
        if (maxmemory <= 0) {
            return OptionalDouble.empty();
        }
        double threshold = fraction * maxmemory;
        if (usedMemory >= threshold) {
            return OptionalDouble.of(0);
        }
        if (slopePerDay <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((threshold - usedMemory) / slopePerDay);
    }

    private static Recommendation recommend(
            long usedMemory, long maxmemory, OptionalDouble daysTo85, OptionalDouble daysTo100) {
        if (maxmemory <= 0) {
            return Recommendation.SET_MAXMEMORY;
        }
        double used = (double) usedMemory / maxmemory;
        if (used >= EMERGENCY_FRACTION || within(daysTo100, EMERGENCY_DAYS)) {
            return Recommendation.EMERGENCY;
        }
        if (used >= CRITICAL_FRACTION || within(daysTo85, ADD_MEMORY_DAYS)) {
            return Recommendation.ADD_MEMORY_NOW;
        }
        if (within(daysTo85, HORIZON_DAYS)) {
            return Recommendation.PLAN_GROWTH;
        }
        return Recommendation.MONITOR;
    }

    private static boolean within(OptionalDouble days, int limit) {
        return days.isPresent() && days.getAsDouble() <= limit;
    }

    private static Optional<Advice> replicaAdvice(double averageOps, Optional<Trend> clients, double currentClients) {
        List<String> reasons = new ArrayList<>();
        if (averageOps >= REPLICA_OPS_PER_SEC) {
            reasons.add(format("averages %,.0f ops/s, at least %,.0f on one master", averageOps, REPLICA_OPS_PER_SEC));
        }
        double clientLimit = Math.max(MIN_CLIENT_GROWTH_PER_WEEK, CLIENT_GROWTH_SHARE_PER_WEEK * currentClients);
        if (clients.isPresent() && clients.get().perWeek() >= clientLimit) {
            reasons.add(format(
                    "connected clients grow by %,.1f a week, at least 10 %% of the current %,.0f and at least %,.0f",
                    clients.get().perWeek(), currentClients, MIN_CLIENT_GROWTH_PER_WEEK));
        }
        return reasons.isEmpty()
                ? Optional.empty()
                : Optional.of(new Advice(Advice.Kind.ADD_REPLICAS, String.join("; ", reasons)));
    }

    private static Optional<Advice> clusterAdvice(double projectedMemory, double peakOps) {
        List<String> reasons = new ArrayList<>();
        if (projectedMemory > CLUSTER_MEMORY_BYTES) {
            reasons.add(format(
                    "memory projected at %,.1f GiB in %d days, above %,.0f GiB on one master",
                    projectedMemory / (1L << 30), HORIZON_DAYS, CLUSTER_MEMORY_BYTES / (1L << 30)));
        }
        if (peakOps > CLUSTER_OPS_PER_SEC) {
            reasons.add(format("peaks at %,.0f ops/s, above %,.0f on one master", peakOps, CLUSTER_OPS_PER_SEC));
        }
        return reasons.isEmpty()
                ? Optional.empty()
                : Optional.of(new Advice(Advice.Kind.MOVE_TO_CLUSTER, String.join("; ", reasons)));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}

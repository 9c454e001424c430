package io.steward.monitor.trend;

import io.steward.monitor.history.Event;
import io.steward.monitor.history.EventKind;
import io.steward.monitor.history.LatencyEvent;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.history.Point;
import io.steward.monitor.history.Resolution;
import io.steward.monitor.history.SlowlogEntry;
import io.steward.monitor.trend.HistoryAnalysis.Gauge;
import io.steward.monitor.trend.HistoryAnalysis.LatencySpikes;
import io.steward.monitor.trend.HistoryAnalysis.NodeSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Summarises the last stretch of a {@link MetricsHistory} into a {@link HistoryAnalysis}: for each
 * node the peak and mean of memory, clients, ops/s and fragmentation, the hit ratio and the evicted
 * and expired keys from the counters (restarts accounted for), the most frequent slow commands and the
 * latency spikes; and the events of the window.
 *
 * <p>Series are read at {@link Resolution#AUTO}, so a 90-day window reads hour rollups and stays
 * cheap; peaks survive rollups because each bucket keeps its maximum. The window ends at the history's
 * {@link MetricsHistory#now() now}, which comes from the clock the history was opened with. Thread-safe.
 */
public final class TrendAnalyzer {

    /** How many slow commands a {@link NodeSummary} lists. */
    public static final int TOP_SLOW_COMMANDS = 10;

    /**
     * The most slowlog entries one analysis reads, newest first; older entries of a window holding
     * more are left out of the slow-command statistics.
     */
    public static final int MAX_SLOWLOG_ENTRIES = 100_000;

    private TrendAnalyzer() {}

    /**
     * The history of the {@code window} that ends at the history's {@link MetricsHistory#now() now}.
     *
     * @throws IllegalArgumentException if {@code window} is not positive
     * @throws io.steward.monitor.history.HistoryStoreException when the history cannot be read
     */
    public static HistoryAnalysis analyze(MetricsHistory history, Duration window) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive but was " + window);
        }
        Instant to = history.now();
        Instant from = to.minus(window);
        Map<String, List<SlowlogEntry>> slowlog = history.slowlog(from, to, MAX_SLOWLOG_ENTRIES).stream()
                .collect(Collectors.groupingBy(SlowlogEntry::node));
        Map<String, List<LatencyEvent>> latency =
                history.latency(from, to).stream().collect(Collectors.groupingBy(LatencyEvent::node));
        List<NodeSummary> nodes = history.nodes(from, to).stream()
                .map(node -> new NodeReader(history, node, from, to)
                        .summarize(slowlog.getOrDefault(node, List.of()), latency.getOrDefault(node, List.of())))
                .toList();
        List<Event> events = history.events(from, to);
        Map<EventKind, Integer> counts = new EnumMap<>(EventKind.class);
        events.forEach(e -> counts.merge(e.kind(), 1, Integer::sum));
        return new HistoryAnalysis(from, to, history.resolutionFor(from, to), nodes, counts, events);
    }

    /** Reads one node's series over the window. */
    private record NodeReader(MetricsHistory history, String node, Instant from, Instant to) {

        NodeSummary summarize(List<SlowlogEntry> slowlog, List<LatencyEvent> latency) {
            return new NodeSummary(
                    node,
                    gauge(MetricField.USED_MEMORY),
                    gauge(MetricField.CONNECTED_CLIENTS),
                    gauge(MetricField.OPS_PER_SEC),
                    gauge(MetricField.MEM_FRAGMENTATION_RATIO),
                    increase(MetricField.KEYSPACE_HITS),
                    increase(MetricField.KEYSPACE_MISSES),
                    increase(MetricField.EVICTED_KEYS),
                    increase(MetricField.EXPIRED_KEYS),
                    slowlog.size(),
                    SlowCommands.top(slowlog, TOP_SLOW_COMMANDS),
                    spikes(latency));
        }

        private List<Point> series(String field) {
            return history.series(node, field, from, to, Resolution.AUTO);
        }

        private Optional<Gauge> gauge(String field) {
            List<Point> points = series(field);
            return Series.peak(points).map(peak -> new Gauge(peak, Series.average(points), Series.samples(points)));
        }

        private long increase(String field) {
            return Math.round(Series.increase(series(field)));
        }

        private static List<LatencySpikes> spikes(List<LatencyEvent> events) {
            Map<String, List<LatencyEvent>> byEvent = events.stream()
                    .collect(Collectors.groupingBy(LatencyEvent::event, TreeMap::new, Collectors.toList()));
            return byEvent.entrySet().stream()
                    .map(e -> new LatencySpikes(
                            e.getKey(),
                            e.getValue().size(),
                            e.getValue().stream()
                                    .mapToLong(LatencyEvent::latestMillis)
                                    .max()
                                    .orElse(0),
                            e.getValue().stream()
                                    .map(LatencyEvent::at)
                                    .max(Instant::compareTo)
                                    .orElseThrow()))
                    .toList();
        }
    }
}

package io.steward.monitor.trend;

import static io.steward.monitor.trend.SyntheticHistory.END;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.steward.monitor.history.Event;
import io.steward.monitor.history.EventKind;
import io.steward.monitor.history.LatencyEvent;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.NodeSample;
import io.steward.monitor.history.Resolution;
import io.steward.monitor.history.SlowlogEntry;
import io.steward.monitor.trend.HistoryAnalysis.Gauge;
import io.steward.monitor.trend.HistoryAnalysis.LatencySpikes;
import io.steward.monitor.trend.HistoryAnalysis.NodeSummary;
import io.steward.monitor.trend.HistoryAnalysis.SlowCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendAnalyzerTest {

    private static final String NODE = "10.0.0.1:6379";
    private static final String OTHER = "10.0.0.2:6379";
    private static final Duration THREE_HOURS = Duration.ofHours(3);

    @TempDir
    Path dir;

    private SyntheticHistory synthetic;

    @BeforeEach
    void open() {
        synthetic = new SyntheticHistory(dir);
    }

    @AfterEach
    void close() {
        synthetic.close();
    }

    private static Instant minutesAgo(long minutes) {
        return END.minus(Duration.ofMinutes(minutes));
    }

    private void record(String node, long minutesAgo, Map<String, Double> fields) {
        synthetic.history.record(new NodeSample(node, minutesAgo(minutesAgo), fields));
    }

    private HistoryAnalysis analyze(Duration window) {
        synthetic.maintain();
        return TrendAnalyzer.analyze(synthetic.history, window);
    }

    private static NodeSummary only(HistoryAnalysis analysis) {
        assertThat(analysis.nodes()).hasSize(1);
        return analysis.nodes().get(0);
    }

    private static SlowlogEntry slow(String node, long id, long minutesAgo, long micros, String... command) {
        return new SlowlogEntry(node, id, minutesAgo(minutesAgo), micros, List.of(command), "10.0.0.9:5000");
    }

    @Test
    void analyzeReportsPeakAndAverageOfGaugesPerNode() {
        record(NODE, 120, Map.of(MetricField.USED_MEMORY, 100.0, MetricField.CONNECTED_CLIENTS, 10.0));
        record(NODE, 60, Map.of(MetricField.USED_MEMORY, 400.0, MetricField.CONNECTED_CLIENTS, 30.0));
        record(NODE, 1, Map.of(MetricField.USED_MEMORY, 250.0, MetricField.CONNECTED_CLIENTS, 20.0));
        record(OTHER, 30, Map.of(MetricField.OPS_PER_SEC, 5_000.0, MetricField.MEM_FRAGMENTATION_RATIO, 1.5));
        record(OTHER, 20, Map.of(MetricField.OPS_PER_SEC, 1_000.0, MetricField.MEM_FRAGMENTATION_RATIO, 1.1));

        HistoryAnalysis analysis = analyze(THREE_HOURS);

        assertThat(analysis.resolution()).isEqualTo(Resolution.RAW);
        assertThat(analysis.from()).isEqualTo(END.minus(THREE_HOURS));
        assertThat(analysis.to()).isEqualTo(END);
        assertThat(analysis.nodes()).extracting(NodeSummary::node).containsExactly(NODE, OTHER);
        NodeSummary node = analysis.nodes().get(0);
        assertThat(node.usedMemory()).contains(new Gauge(400, 250, 3));
        assertThat(node.connectedClients()).contains(new Gauge(30, 20, 3));
        assertThat(node.opsPerSec()).isEmpty();
        NodeSummary other = analysis.nodes().get(1);
        assertThat(other.opsPerSec()).contains(new Gauge(5_000, 3_000, 2));
        assertThat(other.fragmentation()).hasValueSatisfying(g -> {
            assertThat(g.peak()).isEqualTo(1.5);
            assertThat(g.average()).isCloseTo(1.3, within(1e-9));
        });
        assertThat(other.usedMemory()).isEmpty();
    }

    @Test
    void analyzeLeavesOutNodesWithoutSamplesInWindow() {
        record(NODE, 10, Map.of(MetricField.USED_MEMORY, 1.0));
        record(OTHER, 4 * 60, Map.of(MetricField.USED_MEMORY, 1.0));

        assertThat(analyze(THREE_HOURS).nodes()).extracting(NodeSummary::node).containsExactly(NODE);
    }

    @Test
    void analyzeSumsCounterRisesAcrossRestart() {
        double[] hits = {0, 100, 200, 50, 150};
        double[] misses = {0, 10, 20, 5, 15};
        double[] evicted = {0, 1, 2, 0, 3};
        double[] expired = {5, 10, 10, 12, 20};
        for (int i = 0; i < hits.length; i++) {
            record(
                    NODE,
                    100 - i * 20L,
                    Map.of(
                            MetricField.KEYSPACE_HITS, hits[i],
                            MetricField.KEYSPACE_MISSES, misses[i],
                            MetricField.EVICTED_KEYS, evicted[i],
                            MetricField.EXPIRED_KEYS, expired[i]));
        }

        NodeSummary node = only(analyze(THREE_HOURS));

        // 100 + 100, then the restart counted 50 from zero, then 100 more
        assertThat(node.keyspaceHits()).isEqualTo(350);
        assertThat(node.keyspaceMisses()).isEqualTo(35);
        assertThat(node.hitRatio().getAsDouble()).isCloseTo(350.0 / 385, within(1e-12));
        assertThat(node.evictedKeys()).isEqualTo(5);
        assertThat(node.expiredKeys()).isEqualTo(15);
    }

    @Test
    void analyzeGivesNoHitRatioWithoutLookups() {
        record(NODE, 20, Map.of(MetricField.KEYSPACE_HITS, 7.0, MetricField.KEYSPACE_MISSES, 3.0));
        record(NODE, 10, Map.of(MetricField.KEYSPACE_HITS, 7.0, MetricField.KEYSPACE_MISSES, 3.0));

        assertThat(only(analyze(THREE_HOURS)).hitRatio()).isEmpty();
    }

    @Test
    void analyzeReadsHourRollupsForNinetyDaysAndKeepsSpikes() {
        synthetic.samples(
                NODE,
                Duration.ofDays(30),
                Duration.ofHours(1),
                age -> Map.of(
                        MetricField.OPS_PER_SEC, 1_000.0,
                        MetricField.KEYSPACE_HITS, 9_000 * (30 - age),
                        MetricField.KEYSPACE_MISSES, 1_000 * (30 - age)));
        synthetic.history.record(new NodeSample(
                NODE,
                END.minus(Duration.ofDays(10)).plus(Duration.ofMinutes(30)),
                Map.of(MetricField.OPS_PER_SEC, 50_000.0)));

        NodeSummary node = only(analyze(Duration.ofDays(90)));

        assertThat(node.opsPerSec()).hasValueSatisfying(g -> {
            assertThat(g.peak()).isEqualTo(50_000);
            assertThat(g.samples()).isEqualTo(30 * 24 + 1);
            assertThat(g.average()).isCloseTo((30 * 24 * 1_000.0 + 50_000) / (30 * 24 + 1), within(1e-6));
        });
        assertThat(node.hitRatio().getAsDouble()).isCloseTo(0.9, within(1e-4));
        assertThat(TrendAnalyzer.analyze(synthetic.history, Duration.ofDays(90)).resolution())
                .isEqualTo(Resolution.HOUR);
    }

    @Test
    void analyzeGroupsSlowCommandsByNameWithCountMaxAndAverage() {
        record(NODE, 10, Map.of(MetricField.USED_MEMORY, 1.0));
        synthetic.history.recordSlowlog(List.of(
                slow(NODE, 1, 50, 20_000, "KEYS", "*"),
                slow(NODE, 2, 40, 30_000, "keys", "user:*"),
                slow(NODE, 3, 30, 10_000, "KEYS", "*"),
                slow(NODE, 4, 25, 15_000, "config", "get", "maxmemory"),
                slow(NODE, 5, 20, 25_000, "CONFIG", "GET", "*"),
                slow(NODE, 6, 10, 12_000, "get", "big"),
                slow(NODE, 0, 4 * 60, 99_000, "FLUSHALL"),
                slow(OTHER, 1, 10, 50_000, "SMEMBERS", "s")));

        NodeSummary node = only(analyze(THREE_HOURS));

        assertThat(node.slowlogEntries()).isEqualTo(6);
        assertThat(node.slowCommands())
                .containsExactly(
                        new SlowCommand("KEYS", 3, 30_000, 20_000),
                        new SlowCommand("CONFIG GET", 2, 25_000, 20_000),
                        new SlowCommand("GET", 1, 12_000, 12_000));
    }

    @Test
    void analyzeListsTenMostFrequentSlowCommands() {
        record(NODE, 10, Map.of(MetricField.USED_MEMORY, 1.0));
        List<SlowlogEntry> entries = new ArrayList<>();
        long id = 0;
        for (int command = 1; command <= 12; command++) {
            for (int i = 0; i < command; i++) {
                entries.add(slow(NODE, id++, 60, 10_000 + command, "CMD" + command));
            }
        }
        synthetic.history.recordSlowlog(entries);

        NodeSummary node = only(analyze(THREE_HOURS));

        assertThat(node.slowCommands())
                .hasSize(TrendAnalyzer.TOP_SLOW_COMMANDS)
                .extracting(SlowCommand::command)
                .containsExactly("CMD12", "CMD11", "CMD10", "CMD9", "CMD8", "CMD7", "CMD6", "CMD5", "CMD4", "CMD3");
    }

    @Test
    void analyzeGroupsLatencySpikesByEvent() {
        record(NODE, 10, Map.of(MetricField.USED_MEMORY, 1.0));
        synthetic.history.recordLatency(List.of(
                new LatencyEvent(NODE, "fork", minutesAgo(90), 120, 120),
                new LatencyEvent(NODE, "fork", minutesAgo(30), 300, 300),
                new LatencyEvent(NODE, "command", minutesAgo(20), 150, 300),
                new LatencyEvent(OTHER, "fork", minutesAgo(20), 999, 999)));

        assertThat(only(analyze(THREE_HOURS)).latency())
                .containsExactly(
                        new LatencySpikes("command", 1, 150, minutesAgo(20)),
                        new LatencySpikes("fork", 2, 300, minutesAgo(30)));
    }

    @Test
    void analyzeCountsEventsOfWindowByKind() {
        Event failover = new Event(minutesAgo(50), EventKind.FAILOVER, NODE, "started");
        Event switched = new Event(minutesAgo(49), EventKind.SWITCH_MASTER, "", "steward 10.0.0.1 6379 10.0.0.2 6379");
        Event alert = new Event(minutesAgo(40), EventKind.ALERT, NODE, "memory above 90%");
        Event alertAgain = new Event(minutesAgo(30), EventKind.ALERT, NODE, "memory above 90%");
        Event old = new Event(minutesAgo(4 * 60), EventKind.BACKUP, "", "rdb");
        for (Event event : Arrays.asList(failover, switched, alert, alertAgain, old)) {
            synthetic.history.recordEvent(event);
        }

        HistoryAnalysis analysis = analyze(THREE_HOURS);

        assertThat(analysis.events()).containsExactly(failover, switched, alert, alertAgain);
        assertThat(analysis.eventCounts())
                .containsExactly(
                        Map.entry(EventKind.FAILOVER, 1),
                        Map.entry(EventKind.SWITCH_MASTER, 1),
                        Map.entry(EventKind.SENTINEL, 0),
                        Map.entry(EventKind.NODE_RESTART, 0),
                        Map.entry(EventKind.ALERT, 2),
                        Map.entry(EventKind.BACKUP, 0));
        assertThat(analysis.nodes()).isEmpty();
    }

    @Test
    void analyzeRejectsNonPositiveWindow() {
        assertThatThrownBy(() -> TrendAnalyzer.analyze(synthetic.history, Duration.ofHours(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
    }
}

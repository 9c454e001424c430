package io.steward.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertState;
import io.steward.monitor.alert.AlertTransition;
import io.steward.ops.config.AlertSeverity;
import io.steward.test.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String NODE = "10.0.0.1:6379";
    private static final String MEM = MetricField.USED_MEMORY;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private MetricsHistory history;

    @BeforeEach
    void open() {
        history = MetricsHistory.open(dbFile(), clock);
    }

    @AfterEach
    void close() {
        history.close();
    }

    private Path dbFile() {
        return dir.resolve("home").resolve(MetricsHistory.DEFAULT_FILE_NAME);
    }

    private static NodeSample sample(Instant at, double memory) {
        return new NodeSample(NODE, at, Map.of(MEM, memory, MetricField.CONNECTED_CLIENTS, 3.0));
    }

    @Test
    void shouldReadBackRecordedSamples() {
        history.record(sample(T0, 100));
        history.recordAll(List.of(sample(T0.plusSeconds(10), 200), sample(T0.plusSeconds(20), 300)));

        List<Point> points = history.series(NODE, MEM, T0, T0.plusSeconds(20), Resolution.RAW);

        assertThat(points)
                .containsExactly(new Point(T0, 100, 100, 100, 1), new Point(T0.plusSeconds(10), 200, 200, 200, 1));
        assertThat(history.series("other:6379", MEM, T0, T0.plusSeconds(60), Resolution.RAW))
                .isEmpty();
    }

    @Test
    void shouldReturnLatestSampleOfNode() {
        history.record(sample(T0, 100));
        history.record(sample(T0.plusSeconds(10), 200));

        assertThat(history.latest(NODE)).contains(sample(T0.plusSeconds(10), 200));
        assertThat(history.latest("other:6379")).isEmpty();
    }

    @Test
    void oldestSampleIsTheFirstRawSampleTime() {
        assertThat(history.oldestSample()).isEmpty();
        Instant first = T0.plusSeconds(25);
        history.recordAll(List.of(sample(first, 100), sample(first.plusSeconds(10), 200)));

        assertThat(history.oldestSample()).contains(first);
    }

    @Test
    void oldestSampleStaysExactWhileOnlyRollupsRemain() {
        Instant first = T0.plus(Duration.ofMinutes(25)).plusSeconds(5);
        history.recordAll(List.of(sample(first, 100), sample(first.plus(Duration.ofMinutes(50)), 200)));
        clock.set(first.plus(Duration.ofDays(2))); // raw samples are gone, minute and hour rollups remain

        history.maintain();

        assertThat(history.series(NODE, MEM, T0, clock.instant(), Resolution.RAW))
                .isEmpty();
        assertThat(history.oldestSample()).contains(T0.plus(Duration.ofMinutes(25)));

        clock.set(first.plus(Duration.ofDays(10))); // minute rollups are gone too: the hour bucket is all left
        history.maintain();

        assertThat(history.oldestSample()).contains(T0);
    }

    @Test
    void shouldRollUpCompletedMinutesWithMinAvgMax() {
        history.recordAll(List.of(sample(T0, 100), sample(T0.plusSeconds(20), 200), sample(T0.plusSeconds(40), 600)));
        history.record(sample(T0.plusSeconds(60), 1000));
        clock.set(T0.plusSeconds(90));

        history.maintain();

        // the minute starting at T0+60s is not complete yet
        assertThat(history.series(NODE, MEM, T0, T0.plus(Duration.ofHours(1)), Resolution.MINUTE))
                .containsExactly(new Point(T0, 300, 100, 600, 3));
    }

    @Test
    void shouldRollUpHoursWeightedBySampleCount() {
        List<NodeSample> samples = new ArrayList<>();
        samples.add(sample(T0, 100)); // minute 0: one sample
        for (int i = 0; i < 3; i++) {
            samples.add(sample(T0.plus(Duration.ofMinutes(30)).plusSeconds(i * 10L), 500)); // minute 30: three
        }
        samples.add(sample(T0.plus(Duration.ofMinutes(59)), 900));
        history.recordAll(samples);
        clock.set(T0.plus(Duration.ofMinutes(61)));

        history.maintain();

        // (100 + 3 * 500 + 900) / 5 = 500
        assertThat(history.series(NODE, MEM, T0, T0.plus(Duration.ofHours(2)), Resolution.HOUR))
                .containsExactly(new Point(T0, 500, 100, 900, 5));
        assertThat(history.series(NODE, MEM, T0, T0.plus(Duration.ofHours(2)), Resolution.MINUTE))
                .extracting(Point::at)
                .containsExactly(T0, T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(59)));
    }

    @Test
    void shouldChangeNothingWhenMaintainIsRepeated() {
        history.recordAll(List.of(sample(T0, 100), sample(T0.plusSeconds(30), 300)));
        clock.set(T0.plus(Duration.ofMinutes(61)));
        history.maintain();
        List<Point> minutes = history.series(NODE, MEM, T0, T0.plus(Duration.ofHours(2)), Resolution.MINUTE);
        List<Point> hours = history.series(NODE, MEM, T0, T0.plus(Duration.ofHours(2)), Resolution.HOUR);

        history.maintain();

        assertThat(history.series(NODE, MEM, T0, T0.plus(Duration.ofHours(2)), Resolution.MINUTE))
                .isEqualTo(minutes)
                .hasSize(1);
        assertThat(history.series(NODE, MEM, T0, T0.plus(Duration.ofHours(2)), Resolution.HOUR))
                .isEqualTo(hours)
                .containsExactly(new Point(T0, 200, 100, 300, 2));
    }

    @Test
    void shouldDeleteRawSamplesAfter24Hours() {
        history.record(sample(T0, 100));
        clock.set(T0.plus(Duration.ofHours(24)));
        history.maintain();
        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(1), Resolution.RAW))
                .hasSize(1);

        clock.advance(Duration.ofMillis(1));
        history.maintain();

        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(1), Resolution.RAW))
                .isEmpty();
        assertThat(history.latest(NODE)).isEmpty();
        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(1), Resolution.MINUTE))
                .hasSize(1);
    }

    @Test
    void shouldDeleteMinuteRollupsAfter7Days() {
        history.record(sample(T0, 100));
        clock.set(T0.plus(Duration.ofDays(7)));
        history.maintain();
        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(1), Resolution.MINUTE))
                .hasSize(1);

        clock.advance(Duration.ofMillis(1));
        history.maintain();

        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(1), Resolution.MINUTE))
                .isEmpty();
        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(1), Resolution.HOUR))
                .hasSize(1);
    }

    @Test
    void shouldDeleteHourRollupsAndEventsAfter90Days() {
        history.record(sample(T0, 100));
        history.recordEvent(new Event(T0, EventKind.BACKUP, NODE, "rdb 12 MB"));
        clock.set(T0.plus(Duration.ofDays(90)));
        history.maintain();
        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(1), Resolution.HOUR))
                .hasSize(1);

        clock.advance(Duration.ofMillis(1));
        history.maintain();

        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(1), Resolution.HOUR))
                .isEmpty();
        assertThat(history.events(T0, T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void shouldTellNowByItsClock() {
        clock.set(T0.plus(Duration.ofDays(3)));

        assertThat(history.now()).isEqualTo(T0.plus(Duration.ofDays(3)));
    }

    @Test
    void shouldChooseResolutionByRangeAndRetention() {
        clock.set(T0.plus(Duration.ofDays(30)));
        Instant now = clock.instant();

        assertThat(history.resolutionFor(now.minus(Duration.ofHours(1)), now)).isEqualTo(Resolution.RAW);
        assertThat(history.resolutionFor(now.minus(Duration.ofHours(12)), now)).isEqualTo(Resolution.MINUTE);
        assertThat(history.resolutionFor(now.minus(Duration.ofDays(7)), now)).isEqualTo(Resolution.HOUR);
        // a short range older than the raw retention is read from minutes
        Instant twoDaysAgo = now.minus(Duration.ofDays(2));
        assertThat(history.resolutionFor(twoDaysAgo, twoDaysAgo.plus(Duration.ofHours(1))))
                .isEqualTo(Resolution.MINUTE);
    }

    @Test
    void shouldReadHourRollupsForLongAutoRange() {
        for (int hour = 0; hour < 48; hour++) {
            Instant at = T0.plus(Duration.ofHours(hour));
            history.recordAll(List.of(sample(at, hour), sample(at.plus(Duration.ofMinutes(30)), hour + 1)));
        }
        clock.set(T0.plus(Duration.ofDays(3)));
        history.maintain();

        List<Point> points = history.series(NODE, MEM, T0, clock.instant(), Resolution.AUTO);

        assertThat(points).hasSize(48);
        assertThat(points.get(5)).isEqualTo(new Point(T0.plus(Duration.ofHours(5)), 5.5, 5, 6, 2));
    }

    @Test
    void shouldListNodesWithSamplesInRangeAtAnyResolution() {
        history.record(new NodeSample("b:6379", T0, Map.of(MEM, 1.0)));
        history.record(new NodeSample("a:6379", T0.plus(Duration.ofHours(30)), Map.of(MEM, 1.0)));
        clock.set(T0.plus(Duration.ofHours(31)));
        history.maintain();
        history.record(new NodeSample("c:6379", clock.instant(), Map.of(MEM, 1.0)));
        Instant end = clock.instant().plusSeconds(1);

        // b's raw sample is past the raw retention: only its rollups remain; c is raw only
        assertThat(history.nodes(T0, end)).containsExactly("a:6379", "b:6379", "c:6379");
        assertThat(history.nodes(T0.plus(Duration.ofHours(1)), end)).containsExactly("a:6379", "c:6379");
        assertThat(history.nodes(T0.plusSeconds(30), T0.plusSeconds(40))).containsExactly("b:6379");
        assertThat(history.nodes(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3))))
                .isEmpty();
    }

    @Test
    void shouldRoundTripEventsInTimeOrder() {
        Event restart = new Event(T0.plusSeconds(5), EventKind.NODE_RESTART, NODE, "uptime 3 s");
        Event switchMaster =
                new Event(T0.plusSeconds(1), EventKind.SWITCH_MASTER, "", "mymaster 10.0.0.1 6379 10.0.0.2 6379");
        Event late = new Event(T0.plusSeconds(60), EventKind.ALERT, NODE, "memory above 90%");
        history.recordEvent(restart);
        history.recordEvent(switchMaster);
        history.recordEvent(late);

        assertThat(history.events(T0, T0.plusSeconds(60))).containsExactly(switchMaster, restart);
    }

    @Test
    void alertHistoryIsReadBackNewestFirstAndKeptAcrossReopening() {
        Alert pending = new Alert("memory-high", NODE, AlertSeverity.WARNING, AlertState.PENDING, T0, null, "81 %");
        Alert firing = new Alert(
                "memory-high", NODE, AlertSeverity.WARNING, AlertState.FIRING, T0, T0.plusSeconds(300), "83 %");
        Alert resolved = new Alert(
                "memory-high", NODE, AlertSeverity.WARNING, AlertState.RESOLVED, T0, T0.plusSeconds(300), "83 %");
        List<AlertTransition> transitions = List.of(
                new AlertTransition(AlertTransition.Kind.PENDING, pending, T0),
                new AlertTransition(AlertTransition.Kind.FIRING, firing, T0.plusSeconds(300)),
                new AlertTransition(AlertTransition.Kind.RESOLVED, resolved, T0.plusSeconds(600)));
        history.recordAlerts(transitions.subList(0, 2));
        history.recordAlerts(transitions.subList(2, 3));
        history.close();

        history = MetricsHistory.open(dbFile(), clock);

        assertThat(history.alertHistory(10))
                .containsExactly(transitions.get(2), transitions.get(1), transitions.get(0));
        assertThat(history.alertHistory(1)).containsExactly(transitions.get(2));
        assertThatThrownBy(() -> history.alertHistory(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void alertHistoryLivesAsLongAsEvents() {
        Alert firing = new Alert("instance-down", NODE, AlertSeverity.CRITICAL, AlertState.FIRING, T0, T0, "down");
        history.recordAlerts(List.of(new AlertTransition(AlertTransition.Kind.FIRING, firing, T0)));

        clock.set(T0.plus(Duration.ofDays(89)));
        history.maintain();
        assertThat(history.alertHistory(10)).hasSize(1);

        clock.set(T0.plus(Duration.ofDays(91)));
        history.maintain();
        assertThat(history.alertHistory(10)).isEmpty();
    }

    @Test
    void shouldKeepDataWhenReopened() {
        history.record(sample(T0, 100));
        history.recordEvent(new Event(T0, EventKind.FAILOVER, NODE, "started"));
        clock.set(T0.plus(Duration.ofMinutes(2)));
        history.maintain();
        history.close();

        history = MetricsHistory.open(dbFile(), clock);

        assertThat(history.latest(NODE)).contains(sample(T0, 100));
        assertThat(history.events(T0, T0.plusSeconds(1))).hasSize(1);
        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(60), Resolution.MINUTE))
                .containsExactly(new Point(T0, 100, 100, 100, 1));
        // the watermark survived: maintaining again does not count the sample twice
        history.maintain();
        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(60), Resolution.MINUTE))
                .singleElement()
                .satisfies(p -> assertThat(p.samples()).isEqualTo(1));
    }

    @Test
    void shouldKeepEverySampleWhenWrittenFromManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int offset = thread;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        history.record(sample(T0.plusMillis(i * 4L + offset), i));
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(history.series(NODE, MEM, T0, T0.plusSeconds(1), Resolution.RAW))
                .hasSize(200);
    }

    @Test
    void shouldRefuseCallsAfterClose() {
        history.close();
        history.close();

        assertThatThrownBy(() -> history.record(sample(T0, 1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectNonFiniteValue() {
        assertThatThrownBy(() -> new NodeSample(NODE, T0, Map.of(MEM, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fields.used_memory");
    }

    @Test
    void shouldRejectNonPositiveRetention() {
        assertThatThrownBy(() -> new Retention(Duration.ZERO, Duration.ofDays(1), Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention.raw");
        assertThat(Retention.DEFAULT.raw()).isEqualTo(Duration.ofHours(24));
    }
}

package io.steward.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.test.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlowlogLatencyHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String NODE = "10.0.0.1:6379";
    private static final String OTHER = "10.0.0.2:6379";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private MetricsHistory history;

    @BeforeEach
    void open() {
        history = MetricsHistory.open(dir.resolve(MetricsHistory.DEFAULT_FILE_NAME), clock);
    }

    @AfterEach
    void close() {
        history.close();
    }

    private static SlowlogEntry slow(String node, long id, Instant at, long micros, String... command) {
        return new SlowlogEntry(node, id, at, micros, List.of(command), "10.0.0.9:51234");
    }

    @Test
    void shouldReadBackSlowlogEntriesNewestFirst() {
        SlowlogEntry keys = slow(NODE, 1, T0, 25_000, "KEYS", "*");
        SlowlogEntry hgetall = slow(NODE, 2, T0.plusSeconds(5), 12_000, "HGETALL", "user:1");
        SlowlogEntry other = slow(OTHER, 7, T0.plusSeconds(3), 11_000, "SORT", "list", "LIMIT", "0", "10");
        history.recordSlowlog(List.of(keys, hgetall, other));

        assertThat(history.slowlog(T0, T0.plusSeconds(60), 100)).containsExactly(hgetall, other, keys);
        assertThat(history.slowlog(T0, T0.plusSeconds(60), 2)).containsExactly(hgetall, other);
        assertThat(history.slowlog(T0.plusSeconds(1), T0.plusSeconds(5), 100)).containsExactly(other);
    }

    @Test
    void shouldKeepArgumentsWithQuotesNewlinesAndEmptyClient() {
        SlowlogEntry odd = new SlowlogEntry(
                NODE, 3, T0, 10_500, List.of("SET", "k\"ey", "line1\nline2", "", "... (2 more arguments)"), "");
        history.recordSlowlog(List.of(odd));

        assertThat(history.slowlog(T0, T0.plusSeconds(1), 10)).containsExactly(odd);
    }

    @Test
    void shouldStoreSlowlogEntrySeenInTwoRoundsOnce() {
        SlowlogEntry first = slow(NODE, 1, T0, 25_000, "KEYS", "*");
        SlowlogEntry second = slow(NODE, 2, T0.plusSeconds(10), 15_000, "SMEMBERS", "big");
        history.recordSlowlog(List.of(first));

        history.recordSlowlog(List.of(second, first));

        assertThat(history.slowlog(T0, T0.plusSeconds(60), 100)).containsExactly(second, first);
    }

    @Test
    void shouldKeepReusedSlowlogIdAfterNodeRestart() {
        SlowlogEntry beforeRestart = slow(NODE, 0, T0, 25_000, "KEYS", "*");
        SlowlogEntry afterRestart = slow(NODE, 0, T0.plusSeconds(600), 30_000, "FLUSHALL");
        SlowlogEntry sameIdOtherNode = slow(OTHER, 0, T0, 20_000, "KEYS", "*");

        history.recordSlowlog(List.of(beforeRestart, afterRestart, sameIdOtherNode));

        assertThat(history.slowlog(T0, T0.plus(Duration.ofHours(1)), 100))
                .containsExactlyInAnyOrder(beforeRestart, afterRestart, sameIdOtherNode);
    }

    @Test
    void shouldRejectNonPositiveSlowlogLimit() {
        assertThatThrownBy(() -> history.slowlog(T0, T0.plusSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void shouldRejectSlowlogEntryWithoutCommand() {
        assertThatThrownBy(() -> new SlowlogEntry(NODE, 1, T0, 1, List.of(), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command");
    }

    @Test
    void shouldReadBackLatencySpikesOldestFirst() {
        LatencyEvent fork = new LatencyEvent(NODE, "fork", T0.plusSeconds(30), 120, 340);
        LatencyEvent command = new LatencyEvent(NODE, "command", T0, 150, 150);
        LatencyEvent otherFork = new LatencyEvent(OTHER, "fork", T0.plusSeconds(30), 101, 101);
        history.recordLatency(List.of(fork, command, otherFork));

        assertThat(history.latency(T0, T0.plusSeconds(60))).containsExactly(command, fork, otherFork);
        assertThat(history.latency(T0, T0.plusSeconds(30))).containsExactly(command);
    }

    @Test
    void shouldStoreLatencySpikeSeenInTwoRoundsOnce() {
        LatencyEvent spike = new LatencyEvent(NODE, "command", T0, 150, 150);
        LatencyEvent next = new LatencyEvent(NODE, "command", T0.plusSeconds(20), 110, 150);
        history.recordLatency(List.of(spike));

        history.recordLatency(List.of(spike, next));

        assertThat(history.latency(T0, T0.plusSeconds(60))).containsExactly(spike, next);
    }

    @Test
    void shouldDeleteSlowlogAndLatencyWithMinuteRollups() {
        history.recordSlowlog(List.of(slow(NODE, 1, T0, 25_000, "KEYS", "*")));
        history.recordLatency(List.of(new LatencyEvent(NODE, "fork", T0, 120, 120)));
        history.recordEvent(new Event(T0, EventKind.FAILOVER, NODE, "started"));
        clock.set(T0.plus(Retention.DEFAULT_MINUTE));
        history.maintain();
        assertThat(history.slowlog(T0, T0.plusSeconds(1), 10)).hasSize(1);
        assertThat(history.latency(T0, T0.plusSeconds(1))).hasSize(1);

        clock.advance(Duration.ofMillis(1));
        history.maintain();

        assertThat(history.slowlog(T0, T0.plusSeconds(1), 10)).isEmpty();
        assertThat(history.latency(T0, T0.plusSeconds(1))).isEmpty();
        // events live as long as hour rollups
        assertThat(history.events(T0, T0.plusSeconds(1))).hasSize(1);
    }

    @Test
    void shouldKeepSlowlogAndLatencyWhenReopened() {
        SlowlogEntry entry = slow(NODE, 1, T0, 25_000, "KEYS", "*");
        LatencyEvent spike = new LatencyEvent(NODE, "fork", T0, 120, 120);
        history.recordSlowlog(List.of(entry));
        history.recordLatency(List.of(spike));
        history.close();

        history = MetricsHistory.open(dir.resolve(MetricsHistory.DEFAULT_FILE_NAME), clock);

        assertThat(history.slowlog(T0, T0.plusSeconds(1), 10)).containsExactly(entry);
        assertThat(history.latency(T0, T0.plusSeconds(1))).containsExactly(spike);
    }
}

package io.steward.server.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.monitor.history.LatencyEvent;
import io.steward.monitor.history.SlowlogEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisRepliesTest {

    @Test
    void slowlogEntriesAreReadWithCommandAndClient() {
        List<Object> reply = List.of(
                List.of(14L, 1_700_000_000L, 15_000L, List.of("KEYS", "*"), "127.0.0.1:5555", "app"),
                List.of(13L, 1_699_999_990L, 12_000L, List.of("DEBUG", "SLEEP", "0.012")));

        List<SlowlogEntry> entries = RedisReplies.slowlog("n:1", reply);

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).id()).isEqualTo(14);
        assertThat(entries.get(0).at()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(entries.get(0).durationMicros()).isEqualTo(15_000);
        assertThat(entries.get(0).command()).containsExactly("KEYS", "*");
        assertThat(entries.get(0).client()).isEqualTo("127.0.0.1:5555");
        assertThat(entries.get(1).client()).isEmpty();
    }

    @Test
    void latencyEventsAreReadAndMalformedEntriesSkipped() {
        List<Object> reply = List.of(List.of("command", 1_700_000_000L, 250L, 1000L), List.of("broken"), "junk");

        List<LatencyEvent> events = RedisReplies.latency("n:1", reply);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo("command");
            assertThat(e.latestMillis()).isEqualTo(250);
            assertThat(e.maxMillis()).isEqualTo(1000);
        });
    }

    @Test
    void failedCommandGivesNoEntries() {
        assertThat(RedisReplies.slowlog("n:1", null)).isEmpty();
        assertThat(RedisReplies.latency("n:1", null)).isEmpty();
    }
}

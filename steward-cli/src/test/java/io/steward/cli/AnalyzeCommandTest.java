package io.steward.cli;

import static io.steward.cli.SampleHistory.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.monitor.history.Event;
import io.steward.monitor.history.EventKind;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.history.SlowlogEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {

    private static final String NODE = "127.0.0.1:6379";

    @TempDir
    Path home;

    /** An hour of one sample a minute: 256 MiB with one 512 MiB spike, 98 % hits, three slow KEYS. */
    private void writeHistory() {
        try (SampleHistory synthetic = new SampleHistory(home)) {
            synthetic.samples(NODE, Duration.ofHours(1), Duration.ofMinutes(1), age -> {
                double minutesOld = Math.round(age * 24 * 60);
                return Map.of(
                        MetricField.USED_MEMORY,
                        (minutesOld == 30 ? 512 : 256) * MIB,
                        MetricField.CONNECTED_CLIENTS,
                        12.0,
                        MetricField.OPS_PER_SEC,
                        minutesOld == 10 ? 80_000.0 : 1_000.0,
                        MetricField.MEM_FRAGMENTATION_RATIO,
                        1.25,
                        MetricField.KEYSPACE_HITS,
                        98.0 * (59 - minutesOld),
                        MetricField.KEYSPACE_MISSES,
                        2.0 * (59 - minutesOld));
            });
            List<SlowlogEntry> slowlog = List.of(
                    slow(synthetic, 1, 50, 20_000, "KEYS", "*"),
                    slow(synthetic, 2, 40, 30_000, "KEYS", "user:*"),
                    slow(synthetic, 3, 30, 10_000, "HGETALL", "big"));
            synthetic.history.recordSlowlog(slowlog);
            synthetic.history.recordEvent(
                    new Event(synthetic.end.minus(Duration.ofMinutes(20)), EventKind.FAILOVER, NODE, "started"));
        }
    }

    private static SlowlogEntry slow(SampleHistory synthetic, long id, int minutesAgo, long micros, String... command) {
        return new SlowlogEntry(
                NODE,
                id,
                synthetic.end.minus(Duration.ofMinutes(minutesAgo)),
                micros,
                List.of(command),
                "10.0.0.9:5000");
    }

    @Test
    void analyzePrintsTablesWithUnitsSlowCommandsAndEvents() {
        writeHistory();

        CliRun run = CliRun.of("--home", home.toString(), "analyze");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out())
                .contains("History of the last 24 hours", "minute resolution")
                .contains("MEMORY PEAK", "OPS/S PEAK", "HIT RATIO")
                .contains("512.0 MiB", "80,000", "1.25", "98.0 %")
                .contains("Slow commands on " + NODE + " (3 slowlog entries)")
                .containsPattern("KEYS\\s+2\\s+30\\.0 ms\\s+25\\.0 ms")
                .containsPattern("HGETALL\\s+1\\s+10\\.0 ms")
                .contains("Events: 1 failover, 0 switch-master, 0 sentinel, 0 node-restart, 0 alert, 0 backup")
                .containsPattern("failover\\s+" + NODE.replace(".", "\\.") + "\\s+started");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void analyzePrintsJsonWithStableFieldNames() throws Exception {
        writeHistory();

        CliRun run = CliRun.of("--home", home.toString(), "--json", "analyze", "--hours", "2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("hours").asInt()).isEqualTo(2);
        assertThat(json.get("resolution").asText()).isEqualTo("raw");
        JsonNode node = json.get("nodes").get(0);
        assertThat(node.get("node").asText()).isEqualTo(NODE);
        assertThat(node.get("usedMemory").get("peak").asDouble()).isEqualTo(512 * MIB);
        assertThat(node.get("usedMemory").get("samples").asLong()).isEqualTo(60);
        assertThat(node.get("hitRatio").asDouble()).isCloseTo(0.98, within(1e-9));
        assertThat(node.get("keyspaceHits").asLong()).isEqualTo(98 * 59);
        assertThat(node.get("slowCommands").get(0).get("command").asText()).isEqualTo("KEYS");
        assertThat(node.get("slowCommands").get(0).get("count").asInt()).isEqualTo(2);
        assertThat(node.get("latency").isArray()).isTrue();
        assertThat(json.get("eventCounts").get("failover").asInt()).isEqualTo(1);
        assertThat(json.get("events").get(0).get("kind").asText()).isEqualTo("failover");
    }

    @Test
    void analyzeSaysSoWhenWindowHoldsNoSamples() {
        try (SampleHistory synthetic = new SampleHistory(home)) {
            synthetic.samples(
                    NODE, Duration.ofDays(3), Duration.ofDays(1), age -> Map.of(MetricField.USED_MEMORY, 1.0));
        }

        CliRun run = CliRun.of("--home", home.toString(), "analyze", "--hours", "1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("No samples in this window").contains("Events: 0 failover");
    }

    @Test
    void analyzeRejectsHoursOutOfRange() {
        CliRun zero = CliRun.of("--home", home.toString(), "analyze", "--hours", "0");
        CliRun tooMany = CliRun.of("--home", home.toString(), "analyze", "--hours", "2161");

        assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.err().strip()).isEqualTo("error: --hours: must be 1-2160, was 0");
        assertThat(tooMany.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooMany.err()).contains("--hours: must be 1-2160, was 2161");
    }

    @Test
    void analyzeFailsWithoutHistoryAndCreatesNoFile() {
        CliRun run = CliRun.of("--home", home.toString(), "analyze");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("error: no metrics history yet")
                .contains("'steward serve' or './steward up' collects it"));
        assertThat(home.resolve(MetricsHistory.DEFAULT_FILE_NAME)).doesNotExist();
    }
}

package io.steward.cli;

import static io.steward.cli.SampleHistory.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.MetricsHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityCommandTest {

    private static final String NODE = "127.0.0.1:6379";
    private static final long GIB = 1L << 30;

    @TempDir
    Path home;

    /** Four weeks of hourly samples of a master whose memory grew linearly to {@code currentMib}. */
    private void writeHistory(double currentMib, double mibPerDay, long maxmemory) {
        try (SampleHistory synthetic = new SampleHistory(home)) {
            synthetic.samples(NODE, Duration.ofDays(28), Duration.ofHours(1), age -> {
                Map<String, Double> fields = new HashMap<>();
                fields.put(MetricField.USED_MEMORY, (currentMib - mibPerDay * age) * MIB);
                fields.put(MetricField.MAXMEMORY, (double) maxmemory);
                fields.put(MetricField.KEYS, 100_000 - 1_000 * age);
                fields.put(MetricField.CONNECTED_CLIENTS, 20.0);
                fields.put(MetricField.OPS_PER_SEC, 1_500.0);
                fields.put(MetricField.ROLE_MASTER, 1.0);
                return fields;
            });
        }
    }

    @Test
    void capacityPrintsGrowthDaysAndRecommendationInWords() {
        writeHistory(600, 10, GIB);

        CliRun run = CliRun.of("--home", home.toString(), "capacity");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.DEGRADED);
        assertThat(run.out())
                .contains("Capacity from the last 4 weeks of history")
                .contains(NODE + " (master)")
                .contains("600.0 MiB of 1.0 GiB maxmemory (58.6 %)")
                .contains("+70.0 MiB/week (fit R^2 1.00)")
                .contains("+7,000/week")
                .contains("hour resolution")
                .containsPattern("70 % in\\s+11\\.7 days")
                .containsPattern("85 % in\\s+27\\.0 days")
                .containsPattern("100 % in\\s+42\\.4 days")
                .containsPattern("in 90 days\\s+1\\.5 GiB")
                .contains("ADD MEMORY NOW: 85 % of maxmemory within 30 days")
                .contains("Recommendation: add memory now");
    }

    @Test
    void capacityPrintsJsonWithStableFieldNames() throws Exception {
        writeHistory(600, 5, GIB);

        CliRun run = CliRun.of("--home", home.toString(), "--json", "capacity", "--weeks", "4");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("weeks").asInt()).isEqualTo(4);
        assertThat(json.get("rolesKnown").asBoolean()).isTrue();
        assertThat(json.get("recommendation").asText()).isEqualTo("plan-growth");
        JsonNode node = json.get("nodes").get(0);
        assertThat(node.get("node").asText()).isEqualTo(NODE);
        assertThat(node.get("sufficientData").asBoolean()).isTrue();
        assertThat(node.get("maxmemory").asLong()).isEqualTo(GIB);
        assertThat(node.get("memoryGrowth").get("perWeek").asDouble()).isCloseTo(35 * MIB, within(1.0));
        assertThat(node.get("daysTo85Percent").asDouble()).isCloseTo(54.08, within(1e-6));
        assertThat(node.get("keysGrowth").get("perWeek").asDouble()).isCloseTo(7_000, within(1e-3));
        assertThat(node.get("advice").isArray()).isTrue();
    }

    @Test
    void capacityExitsCriticalOnEmergency() {
        writeHistory(960, 10, GIB);

        CliRun run = CliRun.of("--home", home.toString(), "capacity");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).containsPattern("100 % in\\s+6\\.4 days").contains("Recommendation: emergency");
    }

    @Test
    void capacityRecommendsSettingMaxmemoryWhenUnlimited() {
        writeHistory(600, 10, 0);

        CliRun run = CliRun.of("--home", home.toString(), "capacity");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.DEGRADED);
        assertThat(run.out())
                .contains("600.0 MiB (no maxmemory set)")
                .contains("Recommendation: set maxmemory")
                .doesNotContain("85 % in");
    }

    @Test
    void capacitySaysInsufficientDataInsteadOfProjecting() {
        try (SampleHistory synthetic = new SampleHistory(home)) {
            synthetic.samples(
                    NODE,
                    Duration.ofMinutes(45),
                    Duration.ofMinutes(1),
                    age -> Map.of(
                            MetricField.USED_MEMORY,
                            600 * MIB,
                            MetricField.MAXMEMORY,
                            (double) GIB,
                            MetricField.ROLE_MASTER,
                            1.0));
        }

        CliRun run = CliRun.of("--home", home.toString(), "capacity", "--weeks", "1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.out())
                .contains("INSUFFICIENT DATA: 45 points over 44 min; projections need at least 10 points over 2 h.")
                .contains("Recommendation: insufficient data")
                .doesNotContain("days");
    }

    @Test
    void capacityRejectsWeeksOutOfRange() {
        CliRun run = CliRun.of("--home", home.toString(), "capacity", "--weeks", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--weeks: must be 1-13, was 0");
    }

    @Test
    void capacityFailsWithoutHistoryAndCreatesNoFile() {
        CliRun run = CliRun.of("--home", home.toString(), "capacity");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("no metrics history yet");
        assertThat(home.resolve(MetricsHistory.DEFAULT_FILE_NAME)).doesNotExist();
    }
}

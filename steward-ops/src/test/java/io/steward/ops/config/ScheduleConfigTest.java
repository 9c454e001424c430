package io.steward.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleConfigTest {

    private static final String TOPOLOGY = "topology: { mode: standalone, nodes: [localhost:6379] }\n";

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("steward.yaml"), TOPOLOGY + yaml);
    }

    private StewardConfig load(String yaml) throws IOException {
        return ConfigLoader.withEnvironment(Map.of()).read(write(yaml));
    }

    private ConfigException loadError(String yaml) throws IOException {
        Path file = write(yaml);
        try {
            ConfigLoader.withEnvironment(Map.of()).read(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void shouldHoldTheDocumentedDefaults() {
        assertThat(ScheduleConfig.DEFAULT)
                .isEqualTo(new ScheduleConfig(Duration.ofSeconds(5), "*/10 * * * *", "0 */6 * * *", "0 6 * * 1"));
    }

    @Test
    void shouldKeepDefaultsOfKeysNotWritten() throws IOException {
        ScheduleConfig schedule =
                load("""
                schedule:
                  metrics: 1m
                  capacity: "0 7 * * MON"
                """)
                        .schedule();

        assertThat(schedule)
                .isEqualTo(new ScheduleConfig(
                        Duration.ofMinutes(1),
                        ScheduleConfig.DEFAULT_MEMORY_CHECK,
                        ScheduleConfig.DEFAULT_TRENDS,
                        CronSchedule.parse("schedule.capacity", "0 7 * * MON")));
    }

    @Test
    void shouldNameLineAndRangeWhenMetricsIntervalIsTooShort() throws IOException {
        ConfigException e =
                loadError("""
                schedule:
                  metrics: 500ms
                """);

        assertThat(e.field()).isEqualTo("schedule.metrics");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage())
                .endsWith("schedule.metrics: must be a duration from 1s to 1h, such as 5s or 1m, was 500ms");
    }

    @Test
    void shouldRejectMetricsIntervalAboveAnHour() throws IOException {
        ConfigException e = loadError("schedule: { metrics: 61m }\n");

        assertThat(e.field()).isEqualTo("schedule.metrics");
        assertThat(e.getMessage()).contains("from 1s to 1h", "was 61m");
    }

    @Test
    void shouldRejectMetricsIntervalWithoutUnit() throws IOException {
        ConfigException e = loadError("schedule: { metrics: 5 }\n");

        assertThat(e.field()).isEqualTo("schedule.metrics");
        assertThat(e.getMessage()).contains("'5' is not a duration; allowed: a whole number with a unit");
    }

    @Test
    void shouldNameFieldExpressionReasonAndExampleWhenCronIsInvalid() throws IOException {
        ConfigException e = loadError(
                """
                schedule:
                  metrics: 5s
                  memory-check: "*/10 25 * * *"
                """);

        assertThat(e.file()).contains(dir.resolve("steward.yaml"));
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("schedule.memory-check");
        assertThat(e.getMessage())
                .endsWith("schedule.memory-check: '*/10 25 * * *' is not a cron expression (Value 25 not in range"
                        + " [0, 23]); allowed: five fields 'minute hour day-of-month month day-of-week', such as"
                        + " '30 3 * * *' (03:30 every day) or '*/10 * * * *' (every 10 minutes)");
    }

    @Test
    void shouldRejectCronWithSecondsField() throws IOException {
        ConfigException e = loadError("schedule: { trends: \"0 0 */6 * * *\" }\n");

        assertThat(e.field()).isEqualTo("schedule.trends");
        assertThat(e.getMessage())
                .contains("'0 0 */6 * * *' is not a cron expression (Cron expression contains 6 parts");
    }

    @Test
    void shouldRejectQuartzOnlyCronSyntax() {
        assertThatThrownBy(() -> new ScheduleConfig(Duration.ofSeconds(5), "0 0 L * *", "0 0 * * *", "0 0 * * *"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("schedule.memory-check: '0 0 L * *' is not a cron expression");
        assertThatThrownBy(() -> new ScheduleConfig(Duration.ofSeconds(5), "0 0 * * *", "@daily", "0 0 * * *"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("schedule.trends: '@daily' is not a cron expression");
    }

    @Test
    void shouldAcceptRangesStepsListsAndNames() {
        assertThatCode(() ->
                        new ScheduleConfig(Duration.ofHours(1), "0 0 1-5/2 * *", "5,35 * * JAN,JUL *", "0 6 * * 7"))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRequireEveryCronWhenBuiltInCode() {
        assertThatThrownBy(() -> new ScheduleConfig(Duration.ofSeconds(5), "0 0 * * *", "0 0 * * *", null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("schedule.capacity: required; allowed: five fields");
    }

    @Test
    void shouldListAllowedKeysWhenScheduleKeyIsUnknown() throws IOException {
        ConfigException e = loadError("schedule: { metric: 5s }\n");

        assertThat(e.field()).isEqualTo("schedule.metric");
        assertThat(e.getMessage()).contains("unknown key 'metric'; allowed: metrics, memory-check, trends, capacity");
    }

    @Test
    void shouldLoadBackupCleanupSchedule() throws IOException {
        BackupConfig.Schedule schedule =
                load("""
                backup:
                  schedule: { rdb: "0 * * * *", cleanup: "15 4 * * *" }
                """)
                        .backup()
                        .schedule();

        assertThat(schedule).isEqualTo(new BackupConfig.Schedule("0 * * * *", null, null, "15 4 * * *"));
    }

    @Test
    void shouldValidateBackupScheduleWithCronUtilsInsteadOfCountingFields() throws IOException {
        ConfigException e = loadError(
                """
                backup:
                  schedule:
                    rdb: "0 * * * *"
                    full: "99 3 * * *"
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("backup.schedule.full");
        assertThat(e.getMessage())
                .contains(
                        "'99 3 * * *' is not a cron expression (Value 99 not in range [0, 59]); allowed: five fields");
    }

    @Test
    void shouldNameCleanupWhenItsCronIsInvalid() {
        assertThatThrownBy(() -> new BackupConfig.Schedule(null, null, null, "0 0 * *"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("backup.schedule.cleanup: '0 0 * *' is not a cron expression (Cron expression"
                        + " contains 4 parts but we expect one of [5])");
    }

    @Test
    void shouldListCleanupAmongBackupScheduleKeys() throws IOException {
        ConfigException e = loadError("backup: { schedule: { prune: \"0 0 * * *\" } }\n");

        assertThat(e.field()).isEqualTo("backup.schedule.prune");
        assertThat(e.getMessage()).contains("allowed: rdb, full, verify, cleanup");
    }
}

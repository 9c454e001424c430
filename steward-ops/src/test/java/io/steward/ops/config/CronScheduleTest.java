package io.steward.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    @Test
    void nextRunIsTheFirstMatchAfterNow() {
        CronSchedule every10 = CronSchedule.parse("schedule.memory-check", "*/10 * * * *");

        assertThat(every10.nextAfter(Instant.parse("2026-11-23T10:07:30Z"), ZoneOffset.UTC))
                .hasValue(Instant.parse("2026-11-23T10:10:00Z"));
        assertThat(every10.nextAfter(Instant.parse("2026-11-23T10:10:00Z"), ZoneOffset.UTC))
                .hasValue(Instant.parse("2026-11-23T10:20:00Z"));
    }

    @Test
    void nextRunIsReadInTheGivenZone() {
        CronSchedule daily = CronSchedule.parse("backup.schedule.full", "30 3 * * *");

        // 03:30 in Berlin is 02:30 UTC in winter
        assertThat(daily.nextAfter(Instant.parse("2026-01-10T00:00:00Z"), ZoneId.of("Europe/Berlin")))
                .hasValue(Instant.parse("2026-01-10T02:30:00Z"));
    }

    @Test
    void namesAndNumbersForDaysAndMonthsAreAccepted() {
        CronSchedule mondays = CronSchedule.parse("schedule.capacity", "0 6 * * MON");

        // 2026-11-23 is a Monday
        assertThat(mondays.nextAfter(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC))
                .hasValue(Instant.parse("2026-11-23T06:00:00Z"));
        assertThat(CronSchedule.parse("schedule.capacity", "0 6 * * 1")
                        .nextAfter(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC))
                .hasValue(Instant.parse("2026-11-23T06:00:00Z"));
    }

    @Test
    void badExpressionIsOneLineNamingTheKeyTheExpressionAndWhatIsAllowed() {
        assertThatThrownBy(() -> CronSchedule.parse("backup.schedule.rdb", "61 * * * *"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("backup.schedule.rdb: '61 * * * *' is not a cron expression (Value 61 not in"
                        + " range [0, 59]); allowed: five fields")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void missingExpressionIsRequired() {
        assertThatThrownBy(() -> CronSchedule.parse("schedule.trends", null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("schedule.trends: required; allowed: five fields");
    }

    @Test
    void schedulesWithTheSameExpressionAreEqual() {
        assertThat(CronSchedule.parse("a", "0 * * * *"))
                .isEqualTo(CronSchedule.parse("b", "0 * * * *"))
                .hasSameHashCodeAs(CronSchedule.parse("b", "0 * * * *"))
                .isNotEqualTo(CronSchedule.parse("a", "5 * * * *"))
                .hasToString("0 * * * *");
    }
}

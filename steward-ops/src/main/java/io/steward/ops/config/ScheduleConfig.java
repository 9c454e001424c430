package io.steward.ops.config;

import io.steward.ConfigException;
import java.time.Duration;

/**
 * When the daemon's recurring jobs run: the {@code schedule} section. Backups have their own
 * schedule in {@link BackupConfig.Schedule}. Cron expressions are five-field UNIX cron
 * ({@code minute hour day-of-month month day-of-week}) in the daemon's time zone.
 *
 * @param metrics     how often INFO is collected and the alert rules are evaluated,
 *                    {@link #MIN_METRICS} to {@link #MAX_METRICS}
 * @param memoryCheck ({@code memory-check}) cron for the memory check against the thresholds
 * @param trends      cron for summarizing the collected history into trends
 * @param capacity    cron for the growth projection and capacity advice
 */
public record ScheduleConfig(Duration metrics, String memoryCheck, String trends, String capacity) {

    public static final Duration DEFAULT_METRICS = Duration.ofSeconds(5);
    public static final Duration MIN_METRICS = Duration.ofSeconds(1);
    public static final Duration MAX_METRICS = Duration.ofHours(1);
    /** Every 10 minutes. */
    public static final String DEFAULT_MEMORY_CHECK = "*/10 * * * *";
    /** Every 6 hours on the hour. */
    public static final String DEFAULT_TRENDS = "0 */6 * * *";
    /** Mondays at 06:00. */
    public static final String DEFAULT_CAPACITY = "0 6 * * 1";

    /** Every {@code DEFAULT_*} value; the schedule when the section is absent. */
    public static final ScheduleConfig DEFAULT =
            new ScheduleConfig(DEFAULT_METRICS, DEFAULT_MEMORY_CHECK, DEFAULT_TRENDS, DEFAULT_CAPACITY);

    /**
     * @throws ConfigException naming the field when a value is missing, the metrics interval is out of
     *                         range or an expression is not a valid cron expression
     */
    public ScheduleConfig {
        if (metrics == null || metrics.compareTo(MIN_METRICS) < 0 || metrics.compareTo(MAX_METRICS) > 0) {
            throw new ConfigException(
                    "schedule.metrics",
                    "must be a duration from " + ValueSyntax.formatDuration(MIN_METRICS) + " to "
                            + ValueSyntax.formatDuration(MAX_METRICS) + ", such as 5s or 1m, was "
                            + (metrics == null ? "nothing" : ValueSyntax.formatDuration(metrics)));
        }
        requireCron("schedule.memory-check", memoryCheck);
        requireCron("schedule.trends", trends);
        requireCron("schedule.capacity", capacity);
    }

    private static void requireCron(String field, String cron) {
        if (cron == null) {
            throw new ConfigException(field, "required; allowed: " + CronSyntax.ALLOWED);
        }
        CronSyntax.requireValid(field, cron);
    }
}

package io.steward.ops.config;

import io.steward.ConfigException;
import java.time.Duration;

/**
 * When the daemon's recurring jobs run: the {@code schedule} section. Backups have their own
 * schedule in {@link BackupConfig.Schedule}. Cron expressions are {@link CronSchedule}s, read in the
 * daemon's time zone.
 *
 * @param metrics     how often INFO is collected and the alert rules are evaluated,
 *                    {@link #MIN_METRICS} to {@link #MAX_METRICS}
 * @param memoryCheck ({@code memory-check}) when the memory check against the thresholds runs
 * @param trends      when the collected history is summarized into trends
 * @param capacity    when the growth projection and capacity advice are computed
 */
public record ScheduleConfig(Duration metrics, CronSchedule memoryCheck, CronSchedule trends, CronSchedule capacity) {

    public static final Duration DEFAULT_METRICS = Duration.ofSeconds(5);
    public static final Duration MIN_METRICS = Duration.ofSeconds(1);
    public static final Duration MAX_METRICS = Duration.ofHours(1);
    /** Every 10 minutes. */
    public static final CronSchedule DEFAULT_MEMORY_CHECK = CronSchedule.parse("schedule.memory-check", "*/10 * * * *");
    /** Every 6 hours on the hour. */
    public static final CronSchedule DEFAULT_TRENDS = CronSchedule.parse("schedule.trends", "0 */6 * * *");
    /** Mondays at 06:00. */
    public static final CronSchedule DEFAULT_CAPACITY = CronSchedule.parse("schedule.capacity", "0 6 * * 1");

    /** Every {@code DEFAULT_*} value; the schedule when the section is absent. */
    public static final ScheduleConfig DEFAULT =
            new ScheduleConfig(DEFAULT_METRICS, DEFAULT_MEMORY_CHECK, DEFAULT_TRENDS, DEFAULT_CAPACITY);

    /**
     * @throws ConfigException naming the field when a value is missing or the metrics interval is out of
     *                         range
     */
    public ScheduleConfig {
        if (metrics == null || metrics.compareTo(MIN_METRICS) < 0 || metrics.compareTo(MAX_METRICS) > 0) {
            throw new ConfigException(
                    "schedule.metrics",
                    "must be a duration from " + ValueSyntax.formatDuration(MIN_METRICS) + " to "
                            + ValueSyntax.formatDuration(MAX_METRICS) + ", such as 5s or 1m, was "
                            + (metrics == null ? "nothing" : ValueSyntax.formatDuration(metrics)));
        }
        requirePresent("schedule.memory-check", memoryCheck);
        requirePresent("schedule.trends", trends);
        requirePresent("schedule.capacity", capacity);
    }

    /**
     * Parses the expressions as written in the {@code schedule} section.
     *
     * @throws ConfigException naming the field when an expression is missing or not a valid cron expression
     */
    public ScheduleConfig(Duration metrics, String memoryCheck, String trends, String capacity) {
        this(
                metrics,
                CronSchedule.parse("schedule.memory-check", memoryCheck),
                CronSchedule.parse("schedule.trends", trends),
                CronSchedule.parse("schedule.capacity", capacity));
    }

    private static void requirePresent(String field, CronSchedule schedule) {
        if (schedule == null) {
            throw new ConfigException(field, "required; allowed: " + CronSchedule.ALLOWED);
        }
    }
}

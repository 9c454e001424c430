package io.steward.server.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the scheduler knows of one job.
 *
 * @param name         the job's name, such as {@code metrics} or {@code backup-rdb}
 * @param schedule     how it is scheduled: {@code every 5s} or a cron expression
 * @param nextRun      when it runs next; {@code null} when it is not scheduled any more
 * @param lastStart    when the last run started; {@code null} before the first run
 * @param lastDuration how long the last finished run took; {@code null} before the first finished run
 * @param lastError    why the last finished run failed; {@code null} when it succeeded or none finished
 * @param runs         finished runs
 * @param failures     finished runs that failed
 * @param running      whether a run is in progress
 */
public record JobStatus(
        String name,
        String schedule,
        Instant nextRun,
        Instant lastStart,
        Duration lastDuration,
        String lastError,
        long runs,
        long failures,
        boolean running) {

    public JobStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
    }

    /** Whether the last finished run failed. */
    public boolean isFailing() {
        return lastError != null;
    }
}

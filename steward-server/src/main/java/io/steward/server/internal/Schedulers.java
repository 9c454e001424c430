package io.steward.server.internal;

import io.steward.server.schedule.JobStatus;
import io.steward.server.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The daemon's schedulers, kept apart so that no job waits on another: collection rounds on a thread
 * of their own (a health or memory check waiting on a hung node never delays a round), the checks
 * and history jobs on two more, and backups on two of their own (a long backup never delays a check).
 *
 * @param collection the collection rounds
 * @param checks     health, memory, history maintenance, trends and capacity
 * @param backups    backups, their verification and cleanup
 */
public record Schedulers(Scheduler collection, Scheduler checks, Scheduler backups) implements AutoCloseable {

    /** Threads of the checks and of the backup scheduler. */
    static final int JOB_THREADS = 2;

    /** How long closing waits for an interrupted backup job to clean up. */
    static final Duration BACKUP_DRAIN = Duration.ofMinutes(1);

    public Schedulers {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(backups, "backups");
    }

    /** Three new schedulers on {@code clock}. */
    public static Schedulers create(Clock clock) {
        return new Schedulers(
                Scheduler.create(clock, 1), Scheduler.create(clock, JOB_THREADS), Scheduler.create(clock, JOB_THREADS));
    }

    /** Every job, collection first, then checks, then backups. */
    public List<JobStatus> jobs() {
        List<JobStatus> all = new ArrayList<>(collection.jobs());
        all.addAll(checks.jobs());
        all.addAll(backups.jobs());
        return all;
    }

    /**
     * Cancels future runs and waits for running ones; a running backup is interrupted and gets
     * {@link #BACKUP_DRAIN} to remove its partial files.
     */
    @Override
    public void close() {
        collection.close();
        checks.close();
        backups.close(BACKUP_DRAIN);
    }
}

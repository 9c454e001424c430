package io.steward.server.internal;

import io.steward.StewardException;
import io.steward.backup.BackupEngine;
import io.steward.backup.BackupManifest;
import io.steward.backup.BackupType;
import io.steward.backup.CleanupReport;
import io.steward.backup.VerifyReport;
import io.steward.monitor.history.Event;
import io.steward.monitor.history.EventKind;
import io.steward.monitor.history.MetricsHistory;
import io.steward.ops.config.CronSchedule;
import io.steward.ops.config.StewardConfig;
import io.steward.server.schedule.Job;
import io.steward.server.schedule.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's backup jobs over the {@link BackupEngine}: scheduled RDB and full backups,
 * verification of the newest, retention cleanup, and the dashboard's "back up now" and "verify"
 * (the latter in the background, see {@link #verifications()}). Each outcome lands on the events
 * timeline. Thread-safe: the engine publishes atomically and the scheduler never overlaps runs of one
 * job.
 */
public final class BackupJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackupJobs.class);

    public static final String RDB_JOB = "backup-rdb";
    public static final String FULL_JOB = "backup-full";
    public static final String VERIFY_JOB = "backup-verify";
    public static final String CLEANUP_JOB = "backup-cleanup";

    private final StewardConfig config;
    private final BackupEngine engine;
    private final MetricsHistory history;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Verifications verifications;
    private final Instant startedAt;
    private FileTime newestListedAt;
    private Optional<Instant> newest = Optional.empty();

    BackupJobs(StewardConfig config, BackupEngine engine, MetricsHistory history, Clock clock, Scheduler scheduler) {
        this.config = config;
        this.engine = engine;
        this.history = history;
        this.clock = clock;
        this.scheduler = scheduler;
        this.verifications = new Verifications(this::verify, clock);
        this.startedAt = clock.instant();
    }

    /** Registers the four jobs: on their {@code backup.schedule} cron, or on demand when unset. */
    void schedule() {
        var schedule = config.backup().schedule();
        cronOrManual(RDB_JOB, schedule.rdb(), () -> backup(BackupType.RDB));
        cronOrManual(FULL_JOB, schedule.full(), () -> backup(BackupType.FULL));
        cronOrManual(VERIFY_JOB, schedule.verify(), this::verifyLatest);
        cronOrManual(CLEANUP_JOB, schedule.cleanup(), this::cleanup);
    }

    private void cronOrManual(String name, CronSchedule cron, Job job) {
        if (cron == null) {
            scheduler.manual(name, job);
        } else {
            scheduler.cron(name, cron, job);
        }
    }

    /** The backups in the catalog, oldest first; empty when the catalog cannot be read. */
    public List<BackupManifest> list() {
        try {
            return engine.list(null);
        } catch (RuntimeException e) {
            LOG.debug("backup catalog unreadable: {}", e.getMessage());
            return List.of();
        }
    }

    /**
     * Starts a backup of {@code type} on the backup scheduler's threads.
     *
     * @return whether it started; false when one of that type is already running
     */
    public boolean trigger(BackupType type) {
        return scheduler.runNow(type == BackupType.FULL ? FULL_JOB : RDB_JOB);
    }

    /** Verifications asked for over HTTP: started there, run in the background, read while they run. */
    public Verifications verifications() {
        return verifications;
    }

    /** Verifies one backup on the calling thread and records the outcome. */
    VerifyReport verify(String id, BackupEngine.Progress progress) {
        VerifyReport report = engine.verify(id, false, progress);
        if (Thread.currentThread().isInterrupted()) {
            // the daemon is stopping: reads failed because of that, not because the backup is damaged
            throw new StewardException("verification of backup " + id + " interrupted");
        }
        record("verify " + id + ": "
                + (report.passed()
                        ? "passed"
                        : "FAILED "
                                + report.firstFailure()
                                        .map(VerifyReport.Check::detail)
                                        .orElse("")));
        return report;
    }

    /**
     * Time since the newest backup (or since the daemon started, when there is none), which the
     * {@code backup-overdue} rule judges; empty when no backup is scheduled, since none is expected.
     */
    Optional<Duration> age() {
        var schedule = config.backup().schedule();
        if (schedule.rdb() == null && schedule.full() == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(newestBackup().orElse(startedAt), clock.instant()));
    }

    /**
     * When the newest backup was made. Asked every collection round and every scrape, it reads (and
     * authenticates) the catalog again only when the backup directory changed: publishing, cleanup and
     * a backup made by another process all add or remove a folder in it.
     */
    private synchronized Optional<Instant> newestBackup() {
        Path dir = config.baseDir().resolve(config.backup().dir());
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(dir);
        } catch (IOException e) {
            return Optional.empty(); // no backup directory yet: no backup
        }
        if (!modified.equals(newestListedAt)) {
            newest = list().stream().map(BackupManifest::createdAt).max(Instant::compareTo);
            newestListedAt = modified;
        }
        return newest;
    }

    private void backup(BackupType type) {
        String kind = type.name().toLowerCase(Locale.ROOT);
        try {
            BackupManifest manifest = engine.create(type, "scheduled", BackupEngine.Progress.NONE);
            record(kind + " backup " + manifest.id());
        } catch (RuntimeException e) {
            record(kind + " backup failed: " + e.getMessage());
            throw e;
        }
    }

    private void verifyLatest() {
        List<BackupManifest> all = list();
        if (all.isEmpty()) {
            return;
        }
        String id = all.get(all.size() - 1).id();
        VerifyReport report = verify(id, BackupEngine.Progress.NONE);
        if (!report.passed()) {
            throw new IllegalStateException("backup " + id + " failed verification: "
                    + report.firstFailure().map(VerifyReport.Check::detail).orElse(""));
        }
    }

    private void cleanup() {
        CleanupReport report = engine.cleanup(config.backup().retention(), false);
        LOG.info("backup cleanup: {}", report);
    }

    /** Stops the verifications asked for over HTTP. */
    @Override
    public void close() {
        verifications.close();
    }

    private void record(String detail) {
        history.recordEvent(new Event(clock.instant(), EventKind.BACKUP, config.name(), detail));
    }
}

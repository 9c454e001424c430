package io.steward.server.internal;

import io.steward.backup.BackupEngine;
import io.steward.backup.VerifyReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifications asked for over HTTP, run in the background one at a time on a thread of their own,
 * so the request that asks returns at once and a verification reading gigabytes never holds an HTTP
 * thread. Each can be read while it runs ({@link Verification}: state and bytes checked); the newest
 * {@link #KEEP_FINISHED} finished ones are kept. One backup is verified at most once at a time.
 *
 * <p>Thread-safe.
 */
public final class Verifications implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Verifications.class);

    /** Finished verifications kept for reading. */
    static final int KEEP_FINISHED = 20;

    /** How long closing waits for a running verification to notice the interrupt. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /**
     * A verification as asked for.
     *
     * @param verification its state when asked
     * @param isNew        false when one of the same backup was already queued or running (this is it)
     */
    public record Started(Verification verification, boolean isNew) {}

    private final BiFunction<String, BackupEngine.Progress, VerifyReport> verify;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "steward-verify");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    /** Oldest first; guarded by {@code this}. */
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    /** @param verify verifies one backup on the calling thread, telling the progress */
    Verifications(BiFunction<String, BackupEngine.Progress, VerifyReport> verify, Clock clock) {
        this.verify = verify;
        this.clock = clock;
    }

    /** Queues a verification of {@code backupId}, unless one is queued or running already. */
    public synchronized Started start(String backupId) {
        for (Job job : jobs.values()) {
            if (job.backupId.equals(backupId) && job.snapshot().state().isActive()) {
                return new Started(job.snapshot(), false);
            }
        }
        Job job = new Job("verify-" + ids.incrementAndGet(), backupId, clock.instant());
        jobs.put(job.id, job);
        forgetOldFinished();
        thread.execute(() -> run(job));
        return new Started(job.snapshot(), true);
    }

    public synchronized Optional<Verification> get(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::snapshot);
    }

    /** Every verification kept, newest first. */
    public synchronized List<Verification> list() {
        List<Verification> out = new ArrayList<>();
        jobs.values().forEach(job -> out.add(job.snapshot()));
        Collections.reverse(out);
        return out;
    }

    private void run(Job job) {
        job.start(clock.instant());
        try {
            VerifyReport report = verify.apply(job.backupId, (phase, done, total) -> job.progress(done, total));
            job.finish(clock.instant(), report, null);
        } catch (RuntimeException e) {
            // reported to whoever asked (the API shows it) instead of leaving the job running forever
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            job.finish(clock.instant(), null, why);
            LOG.warn("verification of backup {} could not run: {}", job.backupId, why);
        }
    }

    private void forgetOldFinished() {
        long finished = jobs.values().stream()
                .filter(j -> !j.snapshot().state().isActive())
                .count();
        for (Iterator<Job> it = jobs.values().iterator(); it.hasNext() && finished > KEEP_FINISHED; ) {
            if (!it.next().snapshot().state().isActive()) {
                it.remove();
                finished--;
            }
        }
    }

    /** Interrupts a running verification and drops queued ones. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One verification's changing state; every method is synchronized on the job. */
    private static final class Job {
        final String id;
        final String backupId;
        final Instant queuedAt;
        private Verification.State state = Verification.State.QUEUED;
        private Instant startedAt;
        private Instant finishedAt;
        private long bytesDone;
        private long bytesTotal;
        private VerifyReport report;
        private String error;

        Job(String id, String backupId, Instant queuedAt) {
            this.id = id;
            this.backupId = backupId;
            this.queuedAt = queuedAt;
        }

        synchronized void start(Instant at) {
            state = Verification.State.RUNNING;
            startedAt = at;
        }

        synchronized void progress(long done, long total) {
            bytesDone = done;
            bytesTotal = total;
        }

        synchronized void finish(Instant at, VerifyReport outcome, String failure) {
            finishedAt = at;
            report = outcome;
            error = failure;
            state = outcome == null
                    ? Verification.State.ERROR
                    : outcome.passed() ? Verification.State.PASSED : Verification.State.FAILED;
        }

        synchronized Verification snapshot() {
            return new Verification(
                    id, backupId, state, queuedAt, startedAt, finishedAt, bytesDone, bytesTotal, report, error);
        }
    }
}

package io.steward.server.schedule;

import io.steward.ops.config.CronSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs named jobs on intervals or cron expressions on a small pool of daemon threads, so a long
 * backup does not hold up metrics collection. Cron times are computed in the clock's zone.
 *
 * <p>Thread-safe.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private volatile boolean closed;

    private Scheduler(Clock clock, int threads) {
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "steward-job-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newScheduledThreadPool(threads, factory);
    }

    /**
     * A scheduler running at most {@code threads} jobs at once.
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static Scheduler create(Clock clock, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        return new Scheduler(Objects.requireNonNull(clock, "clock"), threads);
    }

    /**
     * Runs {@code job} now and then every {@code interval} after each run starts (a run that overruns
     * delays the next one rather than overlapping it).
     *
     * @throws IllegalArgumentException if the name is taken or the interval is not positive
     */
    public synchronized void every(String name, Duration interval, Job job) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval of " + name + " must be positive, was " + interval);
        }
        add(name, "every " + interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT), job, last -> {
            Instant base = last == null ? clock.instant() : last;
            return base.plus(interval);
        });
        schedule(entries.get(name), Duration.ZERO);
    }

    /**
     * Runs {@code job} at the times of {@code schedule}, read in the clock's zone.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    public synchronized void cron(String name, CronSchedule schedule, Job job) {
        Objects.requireNonNull(schedule, "schedule");
        add(name, schedule.expression(), job, last -> schedule.nextAfter(clock.instant(), clock.getZone())
                .orElse(null));
        Entry entry = entries.get(name);
        scheduleNext(entry);
    }

    /**
     * Registers {@code job} without a schedule: it runs only through {@link #runNow}.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    public synchronized void manual(String name, Job job) {
        add(name, "on demand", job, last -> null);
    }

    /**
     * Runs {@code name} now, outside its schedule, unless a run is in progress.
     *
     * @return whether a run was started; false while one runs or after {@link #close}
     * @throws IllegalArgumentException if there is no such job
     */
    public boolean runNow(String name) {
        Entry entry;
        synchronized (this) {
            entry = entries.get(name);
        }
        if (entry == null) {
            throw new IllegalArgumentException("no job named '" + name + "'; jobs: " + String.join(", ", names()));
        }
        if (entry.running || closed) {
            return false;
        }
        executor.execute(() -> run(entry, false));
        return true;
    }

    /** The jobs in the order they were added. */
    public synchronized List<JobStatus> jobs() {
        return entries.values().stream().map(Entry::status).toList();
    }

    public synchronized Optional<JobStatus> job(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::status);
    }

    private synchronized List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    private void add(String name, String schedule, Job job, Function<Instant, Instant> next) {
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("a job named '" + name + "' is already scheduled");
        }
        entries.put(name, new Entry(name, schedule, Objects.requireNonNull(job, "job"), next));
    }

    private void scheduleNext(Entry entry) {
        Instant next = entry.next.apply(entry.lastStart);
        entry.nextRun = next;
        if (next != null) {
            schedule(entry, Duration.between(clock.instant(), next));
        }
    }

    private void schedule(Entry entry, Duration delay) {
        if (closed) {
            return;
        }
        entry.nextRun = clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay);
        executor.schedule(() -> run(entry, true), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void run(Entry entry, boolean scheduled) {
        boolean busy;
        synchronized (entry) {
            busy = entry.running;
            entry.running = true;
        }
        if (busy) {
            // a run started with runNow still holds this slot; keep the schedule going
            if (scheduled) {
                synchronized (this) {
                    scheduleNext(entry);
                }
            }
            return;
        }
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        entry.lastStart = start;
        String error = null;
        try {
            entry.job.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (Exception | LinkageError | AssertionError e) {
            // a job's failure is recorded and alerted on; the daemon goes on
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("job {} failed: {}", entry.name, error, e);
        } finally {
            synchronized (entry) {
                entry.lastDuration = Duration.ofNanos(System.nanoTime() - startNanos);
                entry.lastError = error;
                entry.runs++;
                if (error != null) {
                    entry.failures++;
                }
                entry.running = false;
            }
        }
        if (scheduled) {
            synchronized (this) {
                scheduleNext(entry);
            }
        }
    }

    /** Cancels future runs and waits up to {@code timeout} for running ones. Idempotent. */
    public void close(Duration timeout) {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private static final class Entry {
        final String name;
        final String schedule;
        final Job job;
        final Function<Instant, Instant> next;
        volatile Instant nextRun;
        volatile Instant lastStart;
        Duration lastDuration;
        String lastError;
        long runs;
        long failures;
        volatile boolean running;

        Entry(String name, String schedule, Job job, Function<Instant, Instant> next) {
            this.name = name;
            this.schedule = schedule;
            this.job = job;
            this.next = next;
        }

        synchronized JobStatus status() {
            return new JobStatus(name, schedule, nextRun, lastStart, lastDuration, lastError, runs, failures, running);
        }
    }
}

package io.steward.ha.drill;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The writer threads of one run. Each writes {@code <prefix>:<runId>:w<i>:<seq>} = {@code seq} and
 * retries a failed write with the same key and value (so retries are idempotent and the
 * acknowledged keys of a writer are exactly its sequence numbers below its count), pausing between
 * attempts. Gaps are measured with the ticker (monotonic nanoseconds); the clock only stamps each
 * writer's last acknowledgement, which is compared with the switch's timestamp. Thread-safe: the
 * drill thread starts, reads and stops them; every figure a writer updates is volatile or concurrent.
 */
final class DrillWriters {

    /** The error kind of a durable write that {@code WAIT} did not confirm in time. */
    static final String NOT_REPLICATED = "NOT_REPLICATED";

    /** Keys outlive a drill that is killed before it deletes them by at most this. */
    static final Duration KEY_TTL = Duration.ofHours(1);

    /** A writer is in at most one write, bounded by the client's command timeout. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final DrillTopology topology;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Duration retryPause;
    private final Duration replicationTimeout;
    private final List<Writer> writers = new ArrayList<>();
    private final AtomicLong lastAnyAck = new AtomicLong();
    private final AtomicLong overallGap = new AtomicLong();
    private volatile boolean durable;
    private volatile boolean running = true;
    private long stoppedAt = -1;
    private final List<String> stillRunning = new ArrayList<>();

    private DrillWriters(DrillTopology topology, Clock clock, LongSupplier nanoTime, DrillOptions options) {
        this.topology = topology;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.retryPause = options.retryPause();
        this.replicationTimeout = options.replicationTimeout();
    }

    /** Starts {@code options.writers()} threads writing keys under {@code runPrefix}, not durable yet. */
    static DrillWriters start(
            DrillTopology topology, Clock clock, LongSupplier nanoTime, DrillOptions options, String runPrefix) {
        DrillWriters pool = new DrillWriters(topology, clock, nanoTime, options);
        pool.lastAnyAck.set(nanoTime.getAsLong());
        for (int i = 0; i < options.writers(); i++) {
            pool.writers.add(pool.new Writer(i, runPrefix + ":w" + i + ":"));
        }
        pool.writers.forEach(w -> w.thread.start());
        return pool;
    }

    /** From now on a write counts only once {@code WAIT} confirms every replica online at the master has it. */
    void durable(boolean value) {
        durable = value;
    }

    /** Acknowledged writes of all writers so far. */
    long acked() {
        return writers.stream().mapToLong(w -> w.acked).sum();
    }

    /** Whether every writer has had a write acknowledged at or after {@code epochMillis}. */
    boolean allAckedSince(long epochMillis) {
        return writers.stream().allMatch(w -> w.lastAckAt >= epochMillis);
    }

    /**
     * Stops the writers and waits for them (each is in at most one write, bounded by the client's
     * command timeout), interrupting and waiting again for one that does not end. Idempotent.
     */
    void stop() {
        if (!running) {
            return;
        }
        running = false;
        stoppedAt = nanoTime.getAsLong();
        for (Writer w : writers) {
            if (!NodeOps.stopThread(w.thread, STOP_GRACE)) {
                stillRunning.add(w.thread.getName());
            }
        }
    }

    /**
     * The writer threads still running after {@link #stop}: their figures may still change, so the run
     * names them in its notes.
     */
    List<String> stillRunning() {
        return List.copyOf(stillRunning);
    }

    /** Each writer's figures; call after {@link #stop}. A gap still open at the stop counts up to the stop. */
    List<WriterResult> results() {
        return writers.stream()
                .map(w -> new WriterResult(
                        w.number,
                        w.keyPrefix,
                        w.acked,
                        w.failed,
                        millis(Math.max(w.longestGap, stoppedAt - w.lastAck)),
                        Map.copyOf(w.errors)))
                .toList();
    }

    /** Failed attempts of all writers by kind; call after {@link #stop}. */
    Map<String, Long> errors() {
        Map<String, Long> all = new java.util.TreeMap<>();
        writers.forEach(w -> w.errors.forEach((kind, n) -> all.merge(kind, n, Long::sum)));
        return all;
    }

    /** The longest time no writer had a write acknowledged; call after {@link #stop}. */
    long longestGapOverall() {
        return millis(Math.max(overallGap.get(), stoppedAt - lastAnyAck.get()));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Every key a writer acknowledged or tried, for cleaning up. */
    List<String> triedKeys() {
        List<String> keys = new ArrayList<>();
        for (Writer w : writers) {
            for (long seq = 0; seq <= w.acked; seq++) {
                keys.add(w.keyPrefix + seq);
            }
        }
        return keys;
    }

    private final class Writer {
        final int number;
        final String keyPrefix;
        final Thread thread;
        volatile long acked;
        volatile long failed;
        /** Ticker nanoseconds of the last acknowledgement, for gaps. */
        volatile long lastAck;
        /** Epoch milliseconds of the last acknowledgement, to compare with the switch. */
        volatile long lastAckAt;
        /** In ticker nanoseconds. */
        volatile long longestGap;

        final Map<String, Long> errors = new ConcurrentHashMap<>();

        Writer(int number, String keyPrefix) {
            this.number = number;
            this.keyPrefix = keyPrefix;
            this.lastAck = nanoTime.getAsLong();
            this.lastAckAt = clock.millis();
            this.thread = new Thread(this::run, "drill-writer-" + number);
            thread.setDaemon(true);
        }

        private void run() {
            while (running && !Thread.currentThread().isInterrupted()) {
                long seq = acked;
                boolean ok;
                try {
                    ok = topology.write(keyPrefix + seq, Long.toString(seq), durable, replicationTimeout);
                    if (!ok) {
                        errors.merge(NOT_REPLICATED, 1L, Long::sum);
                    }
                } catch (RuntimeException e) {
                    ok = false;
                    errors.merge(NodeOps.errorCode(e), 1L, Long::sum);
                }
                if (ok) {
                    acknowledged(nanoTime.getAsLong());
                } else {
                    failed++;
                    try {
                        Thread.sleep(retryPause.toMillis());
                    } catch (InterruptedException e) {
                        return; // stopped
                    }
                }
            }
        }

        private void acknowledged(long now) {
            longestGap = Math.max(longestGap, now - lastAck);
            lastAck = now;
            lastAckAt = clock.millis();
            acked++;
            long previous = lastAnyAck.getAndAccumulate(now, Math::max);
            if (now > previous) {
                overallGap.accumulateAndGet(now - previous, Math::max);
            }
        }
    }
}

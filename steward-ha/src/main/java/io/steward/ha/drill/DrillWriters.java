package io.steward.ha.drill;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer threads of one run. Each writes {@code <prefix>:<runId>:w<i>:<seq>} = {@code seq} and
 * retries a failed write with the same key and value (so retries are idempotent and the
 * acknowledged keys of a writer are exactly its sequence numbers below its count), pausing between
 * attempts. Thread-safe: the drill thread starts, reads and stops them.
 */
final class DrillWriters {

    /** The error kind of a durable write that {@code WAIT} did not confirm in time. */
    static final String NOT_REPLICATED = "NOT_REPLICATED";

    /** Keys outlive a drill that is killed before it deletes them by at most this. */
    static final Duration KEY_TTL = Duration.ofHours(1);

    private final DrillTopology topology;
    private final Clock clock;
    private final Duration retryPause;
    private final Duration replicationTimeout;
    private final List<Writer> writers = new ArrayList<>();
    private final AtomicLong lastAnyAck = new AtomicLong();
    private final AtomicLong overallGap = new AtomicLong();
    private volatile boolean durable;
    private volatile boolean running = true;
    private long stoppedAt = -1;

    private DrillWriters(DrillTopology topology, Clock clock, DrillOptions options) {
        this.topology = topology;
        this.clock = clock;
        this.retryPause = options.retryPause();
        this.replicationTimeout = options.replicationTimeout();
    }

    /** Starts {@code options.writers()} threads writing keys under {@code runPrefix}, not durable yet. */
    static DrillWriters start(DrillTopology topology, Clock clock, DrillOptions options, String runPrefix) {
        DrillWriters pool = new DrillWriters(topology, clock, options);
        pool.lastAnyAck.set(clock.millis());
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

    /** Whether every writer has had a write acknowledged at or after {@code millis}. */
    boolean allAckedSince(long millis) {
        return writers.stream().allMatch(w -> w.lastAck >= millis);
    }

    /**
     * Stops the writers and waits for them: each is in at most one write, bounded by the client's
     * command timeout. Idempotent.
     *
     * @param joinTimeout how long to wait for each thread
     */
    void stop(Duration joinTimeout) {
        if (!running) {
            return;
        }
        running = false;
        stoppedAt = clock.millis();
        for (Writer w : writers) {
            try {
                w.thread.join(joinTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (w.thread.isAlive()) {
                w.thread.interrupt();
            }
        }
    }

    /** Each writer's figures; call after {@link #stop}. A gap still open at the stop counts up to the stop. */
    List<WriterResult> results() {
        return writers.stream()
                .map(w -> new WriterResult(
                        w.number,
                        w.keyPrefix,
                        w.acked,
                        w.failed,
                        Math.max(w.longestGap, stoppedAt - w.lastAck),
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
        return Math.max(overallGap.get(), stoppedAt - lastAnyAck.get());
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
        volatile long lastAck;
        long longestGap;
        final Map<String, Long> errors = new ConcurrentHashMap<>();

        Writer(int number, String keyPrefix) {
            this.number = number;
            this.keyPrefix = keyPrefix;
            this.lastAck = clock.millis();
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
                    acknowledged(clock.millis());
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
            acked++;
            long previous = lastAnyAck.getAndAccumulate(now, Math::max);
            if (now > previous) {
                overallGap.accumulateAndGet(now - previous, Math::max);
            }
        }
    }
}

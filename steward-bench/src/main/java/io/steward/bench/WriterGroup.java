package io.steward.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** The writer threads of one client under test. */
final class WriterGroup implements AutoCloseable {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);

    private final String client;
    private final List<CounterWriter> writers;
    private final List<Thread> threads = new ArrayList<>();

    private WriterGroup(String client, List<CounterWriter> writers) {
        this.client = client;
        this.writers = List.copyOf(writers);
    }

    /**
     * Creates {@code count} writers on keys {@code bench:CLIENT:wI}; {@link #start()} starts them.
     *
     * @param targetOf the client each writer uses, by writer index (writers may share one)
     */
    static WriterGroup of(
            String client,
            int count,
            Function<Integer, CounterWriter.Target> targetOf,
            KillMark mark,
            LongSupplier nanoTime,
            long deadlineNanos,
            long maxWrites) {
        List<CounterWriter> writers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writers.add(new CounterWriter(
                    targetOf.apply(i), "bench:" + client + ":w" + i, mark, nanoTime, deadlineNanos, maxWrites));
        }
        return new WriterGroup(client, writers);
    }

    void start() {
        for (int i = 0; i < writers.size(); i++) {
            Thread t = new Thread(writers.get(i), "bench-" + client + "-w" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    String client() {
        return client;
    }

    List<CounterWriter> writers() {
        return writers;
    }

    boolean allAcknowledgedBeforeKill() {
        return writers.stream().allMatch(w -> w.lastAcknowledgedBeforeKill() > 0);
    }

    boolean allResumed() {
        return writers.stream().allMatch(CounterWriter::hasResumed);
    }

    /** Asks every writer to stop and waits for the threads, each at most {@link #JOIN_TIMEOUT}. */
    @Override
    public void close() {
        writers.forEach(CounterWriter::stop);
        for (Thread t : threads) {
            try {
                t.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

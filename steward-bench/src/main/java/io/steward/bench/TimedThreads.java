package io.steward.bench;

import io.steward.StewardException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Runs a measured loop on many threads at once, all started together and all given the same deadline. */
final class TimedThreads {

    /** What one thread does until {@code deadline} (a {@link System#nanoTime()} value) has passed. */
    @FunctionalInterface
    interface Body {
        void run(int thread, long deadline) throws Exception;
    }

    private static final Duration GRACE = Duration.ofSeconds(60);

    private TimedThreads() {}

    /**
     * Runs {@code body} on {@code threads} threads for {@code length}.
     *
     * @return the seconds from the start until the last thread finished
     * @throws StewardException naming {@code what} when a thread failed, did not finish within a minute of the
     *     deadline, or this thread was interrupted
     */
    static double run(String what, int threads, Duration length, Body body) {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] deadline = new long[1];
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(
                    () -> {
                        try {
                            ready.countDown();
                            go.await();
                            body.run(id, deadline[0]);
                        } catch (Exception | Error e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            done.countDown();
                        }
                    },
                    what + "-" + t);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        try {
            ready.await();
            long start = System.nanoTime();
            deadline[0] = start + length.toNanos();
            go.countDown();
            if (!done.await(length.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
                started.forEach(Thread::interrupt);
                throw new StewardException(
                        what + ": threads did not finish within " + GRACE.toSeconds() + " s of the deadline");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Throwable f = failure.get();
            if (f != null) {
                throw new StewardException(what + " failed: " + f, f);
            }
            return seconds;
        } catch (InterruptedException e) {
            started.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while measuring " + what, e);
        }
    }
}

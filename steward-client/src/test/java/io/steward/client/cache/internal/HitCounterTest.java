package io.steward.client.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HitCounterTest {

    private static final int PER_THREAD = 20_000;

    @Test
    void countsEveryIncrementOfManyThreadsSharingCellsAndOfThreadsThatEnded() throws Exception {
        HitCounter counter = new HitCounter();
        // 100 threads at once: more than there are cells, so some share a cell index and use the adder
        runThreads(counter, 100);
        assertThat(counter.sum()).isEqualTo(100L * PER_THREAD);
        // the cells of the ended threads are freed by sum() and claimed by new threads
        runThreads(counter, 100);
        assertThat(counter.sum()).isEqualTo(200L * PER_THREAD);
        assertThat(counter.sum()).isEqualTo(200L * PER_THREAD);
    }

    @Test
    void sumsWhileThreadsAreCountingNeverGoBackwards() throws Exception {
        HitCounter counter = new HitCounter();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < PER_THREAD * 10; i++) {
                    counter.increment();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        long previous = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            long now = counter.sum();
            assertThat(now).isGreaterThanOrEqualTo(previous);
            previous = now;
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(counter.sum()).isEqualTo(4L * PER_THREAD * 10);
    }

    private static void runThreads(HitCounter counter, int count) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < PER_THREAD; i++) {
                    counter.increment();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

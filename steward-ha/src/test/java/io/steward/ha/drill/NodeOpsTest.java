package io.steward.ha.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeOpsTest {

    private static final Duration GRACE = Duration.ofMillis(50);

    @Test
    void stopThreadInterruptsAThreadThatDoesNotEndByItself() {
        CountDownLatch never = new CountDownLatch(1);
        Thread sleeper = new Thread(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                // stopped: ends
            }
        });
        sleeper.start();

        assertThat(NodeOps.stopThread(sleeper, GRACE)).isTrue();
        assertThat(sleeper.isAlive()).isFalse();
    }

    @Test
    void stopThreadReportsAThreadThatIgnoresItsInterrupt() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread stubborn = new Thread(() -> {
            // bounded: the test releases it, and it gives up after a minute whatever happens
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (release.getCount() > 0 && System.nanoTime() < until) {
                Thread.interrupted(); // ignores the interrupt
                Thread.onSpinWait();
            }
        });
        stubborn.start();
        try {
            assertThat(NodeOps.stopThread(stubborn, GRACE)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        } finally {
            release.countDown();
            stubborn.join(TimeUnit.MINUTES.toMillis(1));
        }
    }

    @Test
    void stopThreadKeepsTheCallersInterruptAndStillStopsTheThread() {
        CountDownLatch never = new CountDownLatch(1);
        Thread sleeper = new Thread(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                // stopped: ends
            }
        });
        sleeper.start();
        Thread.currentThread().interrupt();
        try {
            assertThat(NodeOps.stopThread(sleeper, GRACE)).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}

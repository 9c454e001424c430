package io.steward.client.lock;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The local side of one lock name in one {@link StewardLocks}: a fair permit so that only one local
 * thread contends in Redis (or holds the lock) at a time, and the others are handed the permit at
 * once on local release; and a count of release notifications heard for the name, which the
 * contender waits on.
 */
final class NameGate {

    final LockKeys keys;
    final Semaphore permit = new Semaphore(1, true);
    /** Threads using this gate; guarded by the map's compute. */
    int users;

    private long notifications;

    NameGate(LockKeys keys) {
        this.keys = keys;
    }

    synchronized long notifications() {
        return notifications;
    }

    synchronized void released() {
        notifications++;
        notifyAll();
    }

    /** Waits until a notification newer than {@code seen} arrives, or {@code nanos} pass. */
    synchronized void awaitRelease(long seen, long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        while (notifications == seen) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}

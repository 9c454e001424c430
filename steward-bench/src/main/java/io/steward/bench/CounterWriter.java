package io.steward.bench;

import java.util.function.LongSupplier;

/**
 * One writer thread: {@code SET key n} for n = 1, 2, ... as fast as acknowledgements come, bounded in
 * count and time. A write that fails is retried with the same n after {@link #FAILURE_PAUSE_MILLIS},
 * so the acknowledged values of a key are exactly 1..{@link #lastAcknowledgedBeforeKill()}: an
 * acknowledged write is lost when the new master holds less than that.
 *
 * <p>Before the kill is armed it writes {@code keyBeforeKill}, afterwards {@code keyAfterKill}, so
 * that writes after the failover never overwrite the value whose survival is checked.
 */
final class CounterWriter implements Runnable {

    /** Pause after a failed write, so that clients failing fast do not starve Redis of the 2 cores. */
    static final long FAILURE_PAUSE_MILLIS = 5;

    /** A client under test, as a writer sees it. */
    @FunctionalInterface
    interface Target {
        /** Sets {@code key}; returns normally only when the server acknowledged the write. */
        void set(String key, String value);
    }

    private final Target target;
    private final String keyBeforeKill;
    private final String keyAfterKill;
    private final KillMark mark;
    private final LongSupplier nanoTime;
    private final long deadlineNanos;
    private final long maxWrites;
    private volatile boolean stopRequested;

    private volatile long lastAcknowledgedBeforeKill;
    private volatile long acknowledged;
    private volatile long failed;
    private volatile long resumedAt = -1;
    private volatile long longestRetriedWrite;

    CounterWriter(Target target, String key, KillMark mark, LongSupplier nanoTime, long deadlineNanos, long maxWrites) {
        this.target = target;
        this.keyBeforeKill = key + ":before-kill";
        this.keyAfterKill = key + ":after-kill";
        this.mark = mark;
        this.nanoTime = nanoTime;
        this.deadlineNanos = deadlineNanos;
        this.maxWrites = maxWrites;
    }

    @Override
    public void run() {
        long n = 1;
        long attempts = 0;
        long firstIssued = -1;
        while (!stopRequested && attempts < maxWrites && nanoTime.getAsLong() - deadlineNanos < 0) {
            attempts++;
            boolean armed = mark.isArmed();
            long issued = nanoTime.getAsLong();
            if (firstIssued < 0) {
                firstIssued = issued;
            }
            try {
                target.set(armed ? keyAfterKill : keyBeforeKill, Long.toString(n));
            } catch (RuntimeException e) {
                failed++;
                if (!pause()) {
                    return;
                }
                continue;
            }
            long ackedAt = nanoTime.getAsLong();
            longestRetriedWrite = Math.max(longestRetriedWrite, ackedAt - firstIssued);
            firstIssued = -1;
            acknowledged++;
            if (!armed) {
                lastAcknowledgedBeforeKill = n;
            }
            if (resumedAt < 0 && mark.isAfterDeath(issued)) {
                resumedAt = ackedAt;
            }
            n++;
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(FAILURE_PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void stop() {
        stopRequested = true;
    }

    String keyBeforeKill() {
        return keyBeforeKill;
    }

    /** The highest n acknowledged on the before-kill key; every value 1..n was acknowledged. */
    long lastAcknowledgedBeforeKill() {
        return lastAcknowledgedBeforeKill;
    }

    long acknowledged() {
        return acknowledged;
    }

    long failed() {
        return failed;
    }

    /**
     * The longest time one value took from its first attempt to its acknowledgement, retries after
     * errors included: a caller that retries each write for at least this long never saw an error.
     */
    long longestRetriedWriteNanos() {
        return longestRetriedWrite;
    }

    /** When the first write issued after the old master died was acknowledged, or -1 if none yet. */
    long resumedAt() {
        return resumedAt;
    }

    boolean hasResumed() {
        return resumedAt >= 0;
    }
}

package io.steward.bench;

/**
 * The moments around the kill that writers compare their writes with. Thread-safe: set by the
 * benchmark thread, read by writer threads.
 */
final class KillMark {

    private volatile boolean armed;
    private volatile long killedAt;
    private volatile long deadAt = Long.MAX_VALUE;

    /** From now on writers use their after-kill key, so the before-kill key keeps its last value. */
    void arm() {
        armed = true;
    }

    /** Records the moment just before SIGKILL was sent; gaps are measured from here. */
    void killed(long nanos) {
        killedAt = nanos;
    }

    /** Records the moment the old master was seen gone; only writes issued after it count as resumed. */
    void dead(long nanos) {
        deadAt = nanos;
    }

    boolean isArmed() {
        return armed;
    }

    long killedAt() {
        return killedAt;
    }

    /** Whether a write issued at {@code issuedNanos} was issued after the old master was gone. */
    boolean isAfterDeath(long issuedNanos) {
        return issuedNanos >= deadAt;
    }
}

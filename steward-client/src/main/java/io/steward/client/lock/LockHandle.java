package io.steward.client.lock;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** One acquisition: its holder value in Redis, its lease and its state (held, released, lost). */
final class LockHandle implements HeldLock {

    static final int HELD = 0;
    static final int RELEASED = 1;
    static final int LOST = 2;

    final StewardLocks locks;
    final NameGate gate;
    final long token;
    final String holder;
    final long leaseNanos;
    final String leaseMillis;
    final AtomicInteger state = new AtomicInteger(HELD);
    volatile long leaseEndNanos;
    /** The next renewal or expiry check; guarded by this. */
    private ScheduledFuture<?> next;

    LockHandle(
            StewardLocks locks,
            NameGate gate,
            long token,
            String holder,
            long leaseNanos,
            String leaseMillis,
            long leaseStartNanos) {
        this.locks = locks;
        this.gate = gate;
        this.token = token;
        this.holder = holder;
        this.leaseNanos = leaseNanos;
        this.leaseMillis = leaseMillis;
        this.leaseEndNanos = leaseStartNanos + leaseNanos;
    }

    @Override
    public String name() {
        return gate.keys.name();
    }

    @Override
    public long fencingToken() {
        return token;
    }

    @Override
    public boolean isHeld() {
        return state.get() == HELD && System.nanoTime() - leaseEndNanos < 0;
    }

    @Override
    public boolean release() {
        return locks.release(this);
    }

    @Override
    public void close() {
        release();
    }

    boolean isActive() {
        return state.get() == HELD;
    }

    /** Replaces the pending timer, unless the lock is no longer held. */
    synchronized void setNext(ScheduledFuture<?> future) {
        if (next != null) {
            next.cancel(false);
        }
        next = future;
        if (state.get() != HELD) {
            future.cancel(false);
        }
    }

    synchronized void cancelNext() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    @Override
    public String toString() {
        return "HeldLock[" + name() + ", token " + token + ", " + (isHeld() ? "held" : "not held") + "]";
    }
}

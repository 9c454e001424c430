package io.steward.client.lock;

/**
 * Told once when a held lock is lost without being released: a renewal found another holder or no
 * lock, or the lease ran out before a renewal succeeded (Redis unreachable, a long pause). Runs on
 * the lock's renewal thread: return quickly and never block.
 */
@FunctionalInterface
public interface LostLeaseListener {

    /**
     * @param lock the lock, whose {@link HeldLock#isHeld()} is already {@code false}
     * @param why  what was observed, for logs
     */
    void leaseLost(HeldLock lock, String why);
}

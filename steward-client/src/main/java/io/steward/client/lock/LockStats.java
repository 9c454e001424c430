package io.steward.client.lock;

/**
 * Counters of one {@link StewardLocks} since it was created.
 *
 * @param acquired        {@code tryLock} calls that returned a lock
 * @param failedAttempts  {@code tryLock} calls that returned empty (another holder kept the lock
 *                        through the wait)
 * @param released        releases that found the lock still held and deleted it
 * @param lostLeases      locks lost without release (the {@link LostLeaseListener} was told)
 * @param renewals        successful lease renewals
 * @param waitNanosTotal  time spent inside {@code tryLock}, acquired or not
 * @param notReplicated   acquisitions released again because fewer replicas than
 *                        {@link LockOptions#waitReplicas()} acknowledged them in time
 */
public record LockStats(
        long acquired,
        long failedAttempts,
        long released,
        long lostLeases,
        long renewals,
        long waitNanosTotal,
        long notReplicated) {}

package io.steward.client.lock;

/**
 * A lock acquired by {@link StewardLocks#tryLock}. Thread-safe: any thread may release it.
 *
 * <p>Holding a lock is a lease, not a guarantee: a process that pauses longer than the lease (a GC,
 * a partition) may still run its critical section after another holder got the lock. Pass
 * {@link #fencingToken()} to the resource the lock protects and let it reject tokens lower than the
 * highest it has seen.
 */
public interface HeldLock extends AutoCloseable {

    /** The lock's name as given to {@link StewardLocks#tryLock}. */
    String name();

    /**
     * The fencing token of this acquisition: strictly greater than the token of every earlier
     * acquisition of the same name, since the counter lives in Redis beside the lock (with
     * {@link LockOptions#waitReplicas()} it is on that many replicas too before it is handed out).
     */
    long fencingToken();

    /**
     * {@code true} from acquisition until {@link #release()}, a lost lease, or the end of a lease that
     * was not renewed. A local view: Redis may have expired the lock a moment earlier.
     */
    boolean isHeld();

    /**
     * Releases the lock if this acquisition still holds it, in one round trip (compare-and-delete and
     * a notification to waiters). Renewals stop for good, whatever the outcome. Idempotent.
     *
     * @return {@code true} when it was still held in Redis and is now released; {@code false} also
     *     after {@link StewardLocks#close()}, which leaves held locks to expire
     * @throws io.steward.ConnectionFailedException when Redis is unavailable; the lock then stays in
     *     Redis until its lease ends
     */
    boolean release();

    /** As {@link #release()}; never throws for a lost lease (it throws when Redis is unavailable). */
    @Override
    void close();
}

package io.steward.client.lock;

import io.steward.StewardException;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed locks with fencing tokens, on the Redis of a {@link StewardClient} (standalone,
 * Sentinel or Cluster).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #tryLock} acquires in one round trip (a script that sets the lock with its lease and
 *       increments the name's fencing counter) and returns a {@link HeldLock} whose
 *       {@link HeldLock#fencingToken()} is strictly greater than every earlier token of that name.</li>
 *   <li>Only the holder releases, in one round trip that also notifies waiters.</li>
 *   <li>While held, the lease is renewed at a third of its length from one shared thread per
 *       {@code StewardLocks}; a renewal that finds another holder or no lock, or a lease that runs
 *       out before a renewal succeeds, marks the lock not held, sends a compare-and-delete for it
 *       (without waiting) and tells {@link LockOptions#onLostLease()} once. No renewal is
 *       scheduled after release; one already due may still be sent, and finds no lock of its holder.</li>
 *   <li>Waiters wait for a release notification (pub/sub) or for the moment the holder's lease
 *       would end, never by polling. Within one {@code StewardLocks} only one thread per name
 *       contends in Redis; the others queue locally (first come, first served) and are handed the
 *       lock's turn at once on local release. Between instances the lock takes turns: the first
 *       instance refused while it is held is next in line.</li>
 *   <li><b>Not reentrant:</b> a second {@code tryLock} of a name already held, from the same
 *       thread or another, waits like any other caller.</li>
 *   <li>Fails closed: when Redis is unavailable, {@code tryLock} and {@code release} throw
 *       {@link io.steward.ConnectionFailedException}.</li>
 * </ul>
 *
 * <p>Thread-safe. Create one per application (or per key prefix) and close it on shutdown.
 */
public final class StewardLocks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StewardLocks.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long MIN_LEASE_MILLIS = 10;
    private static final long FOLLOW_MASTER_INTERVAL_MILLIS = 250;

    private final StewardClient client;
    private final LockOptions options;
    private final LockCommands commands;
    private final ReleaseNotifications notifications;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ConcurrentHashMap<String, NameGate> gates = new ConcurrentHashMap<>();
    private final String owner = UUID.randomUUID().toString();
    private final int channelPrefixLength;
    private final LongAdder acquired = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder renewals = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final LongAdder notReplicated = new LongAdder();
    private volatile boolean closed;

    private StewardLocks(StewardClient client, LockOptions options) {
        this.client = client;
        this.options = options;
        this.channelPrefixLength = options.keyPrefix().length() + 1;
        this.commands = new LockCommands(client, options);
        this.notifications = new ReleaseNotifications(client, this::onReleaseNotification);
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "steward-lock-renewal-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        if (client.options().mode() == Mode.SENTINEL) {
            scheduler.scheduleWithFixedDelay(
                    notifications::followMaster,
                    FOLLOW_MASTER_INTERVAL_MILLIS,
                    FOLLOW_MASTER_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Locks with {@link LockOptions#defaults()}. */
    public static StewardLocks create(StewardClient client) {
        return create(client, LockOptions.defaults());
    }

    /**
     * Locks on {@code client}'s Redis. Opens one connection of its own at once (acquisitions,
     * releases, renewals) and one publish/subscribe connection on the first wait.
     */
    public static StewardLocks create(StewardClient client, LockOptions options) {
        return new StewardLocks(Objects.requireNonNull(client, "client"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Acquires the lock {@code name} within {@code wait}.
     *
     * @param name  the lock's name; it becomes the hash tag of its keys
     * @param lease how long the lock lives in Redis without renewal (at least 10 ms); with
     *              {@link LockOptions#renew()} it is renewed while held
     * @param wait  how long to wait for another holder; {@link Duration#ZERO} for one attempt
     * @return the held lock, or empty when another holder kept it through {@code wait}
     * @throws io.steward.ConnectionFailedException when Redis is unavailable (fail closed)
     * @throws LockNotReplicatedException in WAIT mode when too few replicas acknowledged
     * @throws InterruptedException when interrupted, also while an attempt's answer is on its way
     *     (the wait for it is not cut short, at most the command timeout); nothing is held then: a
     *     lock that attempt took is released by a command sent before this returns
     * @throws IllegalArgumentException for an empty name, a lease under 10 ms (in WAIT mode, under 3
     *     x {@link LockOptions#waitTimeout()}) or a negative wait
     * @throws IllegalStateException once closed, also to callers waiting when it closes
     */
    public Optional<HeldLock> tryLock(String name, Duration lease, Duration wait) throws InterruptedException {
        long start = System.nanoTime();
        long leaseMillis = validate(name, lease, wait);
        if (options.waitsForReplicas()
                && leaseMillis < 3 * options.waitTimeout().toMillis()) {
            // a WAIT ahead on the shared connection may delay a renewal by up to waitTimeout
            throw new IllegalArgumentException("in WAIT mode the lease must be at least 3 x waitTimeout ("
                    + 3 * options.waitTimeout().toMillis() + " ms), was " + lease);
        }
        if (closed) {
            throw new IllegalStateException("the lock service is closed");
        }
        long waitNanos = saturatedNanos(wait);
        long deadline = start + waitNanos;
        NameGate gate = enter(name);
        LockHandle handle = null;
        boolean permitted = false;
        try {
            // the timed form also for zero: the untimed one barges past queued threads of a fair semaphore
            permitted = gate.permit.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
            if (permitted) {
                checkOpen();
                handle =
                        acquire(gate, TimeUnit.MILLISECONDS.toNanos(leaseMillis), Long.toString(leaseMillis), deadline);
            }
        } finally {
            this.waitNanos.add(System.nanoTime() - start);
            if (handle == null) {
                if (permitted) {
                    gate.permit.release();
                }
                leave(gate);
            }
        }
        if (handle == null) {
            failed.increment();
            return Optional.empty();
        }
        acquired.increment();
        return Optional.of(handle);
    }

    private LockHandle acquire(NameGate gate, long leaseNanos, String leaseMillis, long deadline)
            throws InterruptedException {
        boolean subscribed = false;
        boolean unsubscribable = false;
        // whether Redis may keep a trace of this acquisition once it ends without a handle: this
        // owner's next-in-line marker, or a lock taken by an attempt whose answer never came
        boolean marked = false;
        boolean unanswered = false;
        LockHandle handle = null;
        try {
            while (true) {
                long seen = gate.notifications();
                long sent = System.nanoTime();
                long patience = TimeUnit.NANOSECONDS.toMillis(deadline - sent);
                long result;
                unanswered = true;
                try {
                    result = commands.acquire(gate.keys, owner, leaseMillis, patience);
                } catch (LockNotReplicatedException e) {
                    unanswered = false; // it released what it took
                    notReplicated.increment();
                    throw e;
                }
                unanswered = false;
                if (Thread.interrupted()) {
                    // interrupted while the answer was on its way: give back what it may have taken
                    if (result > 0) {
                        commands.sendReleaseQuietly(gate.keys, owner + ':' + result);
                    }
                    marked |= result <= 0 && patience > 0;
                    throw new InterruptedException("interrupted while acquiring lock '" + gate.keys.name() + "'");
                }
                if (result > 0) {
                    handle = new LockHandle(this, gate, result, owner + ':' + result, leaseNanos, leaseMillis, sent);
                    scheduleFirst(handle, sent);
                    return handle;
                }
                marked |= patience > 0;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                if (!subscribed && !unsubscribable) {
                    try {
                        notifications.subscribe(gate.keys.channel(), left);
                        subscribed = true;
                        continue; // a release between the attempt and the subscription would be missed
                    } catch (StewardException e) {
                        // the lock answered but its notifications cannot be heard (their link is
                        // following a failover): wait for the holder's lease instead
                        unsubscribable = true;
                        log.debug("Waiting for lock '{}' without notifications: {}", gate.keys.name(), e.toString());
                    }
                }
                long holderLeft = TimeUnit.MILLISECONDS.toNanos(-1 - result) + TimeUnit.MILLISECONDS.toNanos(1);
                gate.awaitRelease(seen, Math.min(left, holderLeft));
                checkOpen();
            }
        } finally {
            if (subscribed) {
                notifications.unsubscribe(gate.keys.channel());
            }
            // a marker left behind would refuse the free lock to every other instance until it
            // expires; a local thread queued behind this one takes over the marker instead
            if (handle == null && (unanswered || (marked && !gate.permit.hasQueuedThreads()))) {
                commands.sendAbandon(gate.keys, owner);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the lock service is closed");
        }
    }

    /** Counters since creation. */
    public LockStats stats() {
        return new LockStats(
                acquired.sum(),
                failed.sum(),
                released.sum(),
                lost.sum(),
                renewals.sum(),
                waitNanos.sum(),
                notReplicated.sum());
    }

    /**
     * Stops renewals and closes the connections of this service. Held locks are not released: they
     * expire with their leases (and {@link HeldLock#isHeld()} turns false then). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        gates.values().forEach(NameGate::released); // waiters wake and see the service closed
        scheduler.shutdownNow();
        notifications.close();
        commands.close();
    }

    boolean release(LockHandle handle) {
        if (!handle.state.compareAndSet(LockHandle.HELD, LockHandle.RELEASED)) {
            return false;
        }
        handle.cancelNext();
        NameGate gate = handle.gate;
        if (closed) {
            gate.permit.release();
            leave(gate);
            return false; // the service's connection is gone: the lock expires with its lease
        }
        CompletableFuture<Long> sent;
        try {
            sent = commands.sendRelease(gate.keys, handle.holder);
        } finally {
            // the next local contender's acquisition queues behind the release on the same connection
            gate.permit.release();
            leave(gate);
        }
        boolean wasHeld = commands.released(sent);
        if (wasHeld) {
            released.increment();
        }
        return wasHeld;
    }

    /** Timers waiting in the renewal scheduler, for tests. */
    int pendingTimers() {
        return scheduler.getQueue().size();
    }

    private void scheduleFirst(LockHandle handle, long sent) {
        if (options.renew()) {
            schedule(handle, this::renew, sent + handle.leaseNanos / 3 - System.nanoTime());
        } else {
            schedule(handle, this::expire, handle.leaseEndNanos - System.nanoTime());
        }
    }

    private void expire(LockHandle handle) {
        lose(handle, "the lease of " + handle.leaseMillis + " ms ran out (renewal is off)");
    }

    private void renew(LockHandle handle) {
        if (!handle.isActive() || closed) {
            return;
        }
        long sent = System.nanoTime();
        long untilEnd = handle.leaseEndNanos - sent;
        if (untilEnd <= 0) {
            lose(handle, "the lease ran out before a renewal succeeded");
            return;
        }
        // retries the renewal, and checks the lease end, unless this renewal succeeds first
        schedule(handle, this::renew, Math.min(untilEnd, Math.max(handle.leaseNanos / 10, 1)));
        CompletableFuture<Boolean> renewal;
        try {
            renewal = commands.renew(handle.gate.keys, handle.holder, handle.leaseMillis);
        } catch (RuntimeException e) {
            log.debug("Renewing lock '{}' failed: {}", handle.name(), e.toString());
            return;
        }
        renewal.whenCompleteAsync(
                (renewed, failure) -> {
                    if (!handle.isActive()) {
                        return;
                    }
                    if (failure != null) {
                        log.debug("Renewing lock '{}' failed: {}", handle.name(), failure.toString());
                    } else if (renewed) {
                        renewals.increment();
                        handle.leaseEndNanos = sent + handle.leaseNanos;
                        schedule(handle, this::renew, sent + handle.leaseNanos / 3 - System.nanoTime());
                    } else {
                        lose(handle, "a renewal found another holder or no lock (it expired in Redis)");
                    }
                },
                scheduler); // the listener and the timers run on the renewal thread, not on Redis I/O threads
    }

    private void schedule(LockHandle handle, java.util.function.Consumer<LockHandle> task, long delayNanos) {
        try {
            ScheduledFuture<?> future =
                    scheduler.schedule(() -> task.accept(handle), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            handle.setNext(future);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    private void lose(LockHandle handle, String why) {
        if (!handle.state.compareAndSet(LockHandle.HELD, LockHandle.LOST)) {
            return;
        }
        handle.cancelNext();
        lost.increment();
        if (!closed) {
            // the key may still be in Redis (a renewal answered late, sent after a reconnect, or
            // not acknowledged by the replicas): delete it if it is still ours, without waiting;
            // sent before the permit goes to the next local contender, so it runs first
            commands.sendReleaseQuietly(handle.gate.keys, handle.holder);
        }
        handle.gate.permit.release();
        leave(handle.gate);
        try {
            options.onLostLease().leaseLost(handle, why);
        } catch (RuntimeException e) {
            log.warn("The lost-lease listener of lock '{}' failed", handle.name(), e);
        }
    }

    private void onReleaseNotification(String channel) {
        int end = channel.length() - "}:released".length();
        if (end <= channelPrefixLength) {
            return;
        }
        NameGate gate = gates.get(channel.substring(channelPrefixLength, end));
        if (gate != null) {
            gate.released();
        }
    }

    private NameGate enter(String name) {
        return gates.compute(name, (n, gate) -> {
            NameGate g = gate != null ? gate : new NameGate(LockKeys.of(options.keyPrefix(), n));
            g.users++;
            return g;
        });
    }

    private void leave(NameGate gate) {
        gates.computeIfPresent(gate.keys.name(), (n, g) -> --g.users == 0 ? null : g);
    }

    private static long validate(String name, Duration lease, Duration wait) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(wait, "wait");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative, was " + wait);
        }
        long leaseMillis = lease.toMillis();
        if (leaseMillis < MIN_LEASE_MILLIS) {
            throw new IllegalArgumentException("lease must be at least " + MIN_LEASE_MILLIS + " ms, was " + lease);
        }
        return leaseMillis;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}

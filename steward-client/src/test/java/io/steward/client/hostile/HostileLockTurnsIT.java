package io.steward.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.client.lock.HeldLock;
import io.steward.client.lock.StewardLocks;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile probes of lock waiting and turn-taking. Tests named defect... show a defect and fail until fixed. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class HostileLockTurnsIT {

    private static final Duration LEASE = Duration.ofSeconds(20);

    private final LocalTopology topology;
    private StewardClient client;
    private StewardClient admin;

    HostileLockTurnsIT(LocalTopology topology) {
        this.topology = topology;
    }

    @BeforeEach
    void connect() {
        client = StewardClient.create(TopologyOptions.as(topology, "app").build());
        admin = StewardClient.create(TopologyOptions.as(topology, "admin").build());
    }

    @AfterEach
    void disconnect() {
        client.close();
        admin.close();
    }

    private static Thread waiter(StewardLocks locks, String name, Duration wait, AtomicReference<Object> outcome) {
        Thread t = new Thread(() -> {
            try {
                outcome.set(locks.tryLock(name, LEASE, wait));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        return t;
    }

    /**
     * DEFECT probe: an instance that became "next in line" and then gave up (its waiting thread was interrupted)
     * keeps the lock free-but-refused for everybody for the rest of its wait: the marker outlives the waiter.
     */
    @Test
    void defectAnInterruptedNextInLineDoesNotBlockAFreeLock() throws Exception {
        try (StewardLocks holder = StewardLocks.create(client);
                StewardLocks quitter = StewardLocks.create(client);
                StewardLocks third = StewardLocks.create(client)) {
            HeldLock held = holder.tryLock("quitter", LEASE, Duration.ZERO).orElseThrow();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread t = waiter(quitter, "quitter", Duration.ofSeconds(15), outcome);
            Thread.sleep(500);
            t.interrupt();
            t.join(5000);
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertThat(held.release()).isTrue();
            long start = System.nanoTime();
            Optional<HeldLock> got = third.tryLock("quitter", LEASE, Duration.ofSeconds(20));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(got).isPresent();
            assertThat(ms).as("a free lock, nobody waiting any more, acquired after %d ms (next-in-line key ttl %d ms)",
                    ms, admin.commands().pttl("lock:{quitter}:next")).isLessThan(1000);
            got.get().release();
        }
    }

    /**
     * The holder's process dies (its StewardLocks closed without release); a waiter elsewhere gets the lock when the
     * lease ends, not at the end of its wait.
     */
    @Test
    void aWaiterGetsTheLockWhenACrashedHoldersLeaseEnds() throws Exception {
        StewardLocks crashed = StewardLocks.create(client);
        HeldLock held = crashed.tryLock("crash", Duration.ofMillis(1500), Duration.ZERO).orElseThrow();
        crashed.close();
        try (StewardLocks survivor = StewardLocks.create(client)) {
            long start = System.nanoTime();
            Optional<HeldLock> got = survivor.tryLock("crash", LEASE, Duration.ofSeconds(15));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(got).isPresent();
            assertThat(ms).as("acquired after %d ms", ms).isLessThan(3500);
            assertThat(got.get().fencingToken()).isGreaterThan(held.fencingToken());
            got.get().release();
        }
    }

    /** An interrupted locally queued waiter leaves, and the queue behind it still moves. */
    @Test
    void interruptingALocallyQueuedWaiterKeepsTheQueueMoving() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            HeldLock held = locks.tryLock("queue", LEASE, Duration.ZERO).orElseThrow();
            AtomicReference<Object> first = new AtomicReference<>();
            AtomicReference<Object> second = new AtomicReference<>();
            Thread a = waiter(locks, "queue", Duration.ofSeconds(15), first);
            Thread.sleep(200);
            Thread b = waiter(locks, "queue", Duration.ofSeconds(15), second);
            Thread.sleep(300);
            b.interrupt();
            b.join(5000);
            assertThat(second.get()).isInstanceOf(InterruptedException.class);
            a.interrupt();
            a.join(5000);
            assertThat(first.get()).isInstanceOf(InterruptedException.class);
            AtomicReference<Object> third = new AtomicReference<>();
            Thread c = waiter(locks, "queue", Duration.ofSeconds(10), third);
            Thread.sleep(300);
            long start = System.nanoTime();
            held.release();
            c.join(12_000);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(third.get()).isInstanceOf(Optional.class);
            assertThat((Optional<?>) third.get()).isPresent();
            assertThat(ms).isLessThan(1000);
            ((HeldLock) ((Optional<?>) third.get()).get()).release();
        }
    }

    /** The thread holding the lock asks for it again with a long wait: documented to wait and return empty. */
    @Test
    void selfDeadlockIsBoundedByTheWait() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            HeldLock held = locks.tryLock("self", LEASE, Duration.ZERO).orElseThrow();
            long start = System.nanoTime();
            assertThat(locks.tryLock("self", LEASE, Duration.ofMillis(700))).isEmpty();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(ms).isBetween(650L, 2000L);
            assertThat(held.isHeld()).isTrue();
            assertThat(held.release()).isTrue();
            // after release the same instance gets it at once
            HeldLock again = locks.tryLock("self", LEASE, Duration.ZERO).orElseThrow();
            assertThat(again.fencingToken()).isGreaterThan(held.fencingToken());
            again.release();
        }
    }

    /** Waking by notification: the waiter in another instance acquires soon after release. */
    @Test
    void aCrossInstanceWaiterWakesSoonAfterRelease() throws Exception {
        try (StewardLocks a = StewardLocks.create(client);
                StewardLocks b = StewardLocks.create(client)) {
            HeldLock held = a.tryLock("wake", LEASE, Duration.ZERO).orElseThrow();
            CompletableFuture<Long> acquiredAt = CompletableFuture.supplyAsync(() -> {
                try {
                    b.tryLock("wake", LEASE, Duration.ofSeconds(15)).orElseThrow().release();
                    return System.nanoTime();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(1000);
            long releasedAt = System.nanoTime();
            held.release();
            long ms = TimeUnit.NANOSECONDS.toMillis(acquiredAt.get(20, TimeUnit.SECONDS) - releasedAt);
            assertThat(ms).as("woke %d ms after release", ms).isLessThan(300);
        }
    }
}

package io.steward.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.client.lock.HeldLock;
import io.steward.client.lock.LockOptions;
import io.steward.client.lock.StewardLocks;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile probes of io.steward.client.lock. Found by a hostile-user review of issue 15; each defect it showed is fixed and kept here as a regression test. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class HostileLockIT {

    private static final Duration LEASE = Duration.ofSeconds(10);

    private final LocalTopology topology;
    private StewardClient client;
    private StewardClient admin;

    HostileLockIT(LocalTopology topology) {
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

    @Test
    void badArgumentsAreRefusedNamingTheProblem() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            assertThatThrownBy(() -> locks.tryLock(null, LEASE, Duration.ZERO))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> locks.tryLock("", LEASE, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("name");
            assertThatThrownBy(() -> locks.tryLock("x", Duration.ofMillis(9), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lease");
            assertThatThrownBy(() -> locks.tryLock("x", Duration.ZERO, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lease");
            assertThatThrownBy(() -> locks.tryLock("x", Duration.ofSeconds(-5), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lease");
            assertThatThrownBy(() -> locks.tryLock("x", LEASE, Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("wait");
            assertThatThrownBy(() -> locks.tryLock("x", null, Duration.ZERO)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> locks.tryLock("x", LEASE, null)).isInstanceOf(NullPointerException.class);
            assertThat(locks.stats().acquired()).isZero();
        }
        assertThatThrownBy(() -> LockOptions.builder().keyPrefix("a{").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> LockOptions.builder()
                        .waitForReplicas(-1, Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oddNamesWork() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            for (String name :
                    List.of("a:b", "line\nbreak", "ünïcødé-名前", " ", "a}b", "{x}", "\\", "x".repeat(1 << 20))) {
                HeldLock held = locks.tryLock(name, LEASE, Duration.ZERO).orElseThrow();
                assertThat(held.name()).isEqualTo(name);
                assertThat(held.fencingToken()).isPositive();
                assertThat(held.release()).isTrue();
            }
        }
    }

    /** Probe (held up): a huge lease (a user wanting "practically forever") fails with a raw error instead of IAE or working. */
    @Test
    void hugeLeaseGivesAClearAnswer() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            Throwable thrown = null;
            Optional<HeldLock> held = Optional.empty();
            try {
                held = locks.tryLock("huge-lease", Duration.ofMillis(Long.MAX_VALUE / 2), Duration.ZERO);
            } catch (Throwable t) {
                thrown = t;
            }
            if (thrown != null) {
                assertThat(thrown)
                        .as("a huge lease should be refused up front naming the lease, was %s", thrown)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("lease");
            } else {
                assertThat(held).isPresent();
                held.get().release();
            }
        }
    }

    /** Probe (held up): a huge wait (e.g. Duration.ofSeconds(Long.MAX_VALUE), "wait forever") on a free lock. */
    @Test
    void hugeWaitOnAFreeLockAcquires() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            Optional<HeldLock> held = locks.tryLock("huge-wait", LEASE, Duration.ofSeconds(Long.MAX_VALUE));
            assertThat(held).isPresent();
            held.get().release();
        }
    }

    @Test
    void releaseTwiceAndFromAnotherThread() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            HeldLock held = locks.tryLock("twice", LEASE, Duration.ZERO).orElseThrow();
            Boolean fromOther = CompletableFuture.supplyAsync(held::release).get(5, TimeUnit.SECONDS);
            assertThat(fromOther).isTrue();
            assertThat(held.release()).isFalse();
            held.close();
            assertThat(held.isHeld()).isFalse();
            // the double release must not open the local gate twice: two local holders at once
            HeldLock a = locks.tryLock("twice", LEASE, Duration.ZERO).orElseThrow();
            assertThat(locks.tryLock("twice", LEASE, Duration.ZERO)).isEmpty();
            a.release();
        }
    }

    /** The local queue moves on when a non-renewed lease ends without release (doc: the local queue moves on). */
    @Test
    void aLocalWaiterGetsTheLockWhenTheHoldersLeaseRunsOut() throws Exception {
        List<String> lost = new CopyOnWriteArrayList<>();
        try (StewardLocks locks = StewardLocks.create(
                client,
                LockOptions.builder()
                        .renew(false)
                        .onLostLease((l, why) -> lost.add(why))
                        .build())) {
            HeldLock first = locks.tryLock("expiring", Duration.ofMillis(300), Duration.ZERO)
                    .orElseThrow();
            long start = System.nanoTime();
            Optional<HeldLock> second = CompletableFuture.supplyAsync(() -> {
                        try {
                            return locks.tryLock("expiring", LEASE, Duration.ofSeconds(8));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .get(20, TimeUnit.SECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(second).isPresent();
            assertThat(tookMs).as("took %d ms", tookMs).isLessThan(6000); // lease 300 ms, wait 8 s
            assertThat(second.get().fencingToken()).isGreaterThan(first.fencingToken());
            assertThat(first.isHeld()).isFalse();
            // the listener runs on the renewal thread, possibly just after the gate passed the lock on
            await().atMost(Duration.ofSeconds(5)).until(() -> lost.size() == 1);
            // the late release of the first holder must not delete the second's lock nor open the local gate
            assertThat(first.release()).isFalse();
            assertThat(second.get().isHeld()).isTrue();
            assertThat(locks.tryLock("expiring", LEASE, Duration.ZERO)).isEmpty();
            try (StewardLocks other = StewardLocks.create(client)) {
                assertThat(other.tryLock("expiring", LEASE, Duration.ZERO)).isEmpty();
            }
            assertThat(second.get().release()).isTrue();
        }
    }

    /** A takeover seen by renewal: the listener is told exactly once. */
    @Test
    void aTakeoverIsReportedOnceAndTheLocalViewFollows() throws Exception {
        AtomicInteger told = new AtomicInteger();
        try (StewardLocks locks = StewardLocks.create(
                        client,
                        LockOptions.builder()
                                .onLostLease((l, why) -> told.incrementAndGet())
                                .build());
                StewardLocks thief = StewardLocks.create(client)) {
            HeldLock held = locks.tryLock("takeover", Duration.ofMillis(600), Duration.ZERO)
                    .orElseThrow();
            admin.commands().del("lock:{takeover}");
            HeldLock stolen = thief.tryLock("takeover", LEASE, Duration.ZERO).orElseThrow();
            await().atMost(Duration.ofSeconds(5)).until(() -> told.get() == 1);
            Awaits.holdsThroughout(Duration.ofMillis(1500), () -> told.get() == 1 && !held.isHeld());
            assertThat(held.release()).isFalse();
            assertThat(stolen.isHeld()).isTrue();
            assertThat(admin.commands().get("lock:{takeover}")).endsWith(":" + stolen.fencingToken());
            stolen.release();
        }
    }

    /** The holder thread sleeping longer than the lease: renewal runs on its own thread and keeps the lock. */
    @Test
    void aSleepingHolderThreadKeepsItsLockThroughRenewals() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client);
                StewardLocks other = StewardLocks.create(client)) {
            HeldLock held = locks.tryLock("sleeper", Duration.ofMillis(300), Duration.ZERO)
                    .orElseThrow();
            Awaits.holdsThroughout(Duration.ofSeconds(2), held::isHeld); // the lease is 300 ms
            assertThat(other.tryLock("sleeper", LEASE, Duration.ZERO)).isEmpty();
            assertThat(held.release()).isTrue();
        }
    }

    /** Redis paused (SIGSTOP) longer than the lease: the listener fires; after resume nothing resurrects the lock. */
    @Test
    void aPausedRedisLosesTheLeaseAndNothingResurrectsIt() throws Exception {
        List<String> lost = new CopyOnWriteArrayList<>();
        StewardClient shortTimeout = StewardClient.create(TopologyOptions.as(topology, "app")
                .commandTimeout(Duration.ofMillis(500))
                .build());
        try (StewardLocks locks = StewardLocks.create(
                shortTimeout,
                LockOptions.builder().onLostLease((l, why) -> lost.add(why)).build())) {
            HeldLock held = locks.tryLock("paused", Duration.ofMillis(900), Duration.ZERO)
                    .orElseThrow();
            topology.node(topology.master()).pause();
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> !lost.isEmpty());
                Awaits.holdsThroughout(Duration.ofMillis(1500), () -> !held.isHeld()); // paused past the lease
            } finally {
                topology.node(topology.master()).resume();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> admin.commands().exists("lock:{paused}") == 0);
            Awaits.holdsThroughout(Duration.ofSeconds(1), () -> !held.isHeld());
            assertThat(lost).hasSize(1);
            assertThat(held.isHeld()).isFalse();
            try (StewardLocks other = StewardLocks.create(client)) {
                HeldLock next = other.tryLock("paused", LEASE, Duration.ZERO).orElseThrow();
                assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
                next.release();
            }
        } finally {
            shortTimeout.close();
        }
    }

    /** DEFECT probe: closing StewardLocks must wake its waiters instead of leaving them blocked for their whole wait. */
    @Test
    void closeWakesWaitersPromptly() throws Exception {
        StewardLocks holderSide = StewardLocks.create(client);
        StewardLocks waiterSide = StewardLocks.create(client);
        try {
            HeldLock held = holderSide
                    .tryLock("close-while-waiting", Duration.ofSeconds(30), Duration.ZERO)
                    .orElseThrow();
            List<CompletableFuture<String>> waiters = new ArrayList<>();
            List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r);
                threads.add(t);
                return t;
            });
            long[] closedAt = new long[1];
            for (int i = 0; i < 3; i++) { // one contends in Redis, two queue locally
                int n = i;
                waiters.add(CompletableFuture.supplyAsync(
                        () -> {
                            Object outcome;
                            try {
                                outcome = waiterSide.tryLock("close-while-waiting", LEASE, Duration.ofSeconds(20));
                            } catch (Exception e) {
                                outcome = e; // IllegalStateException or an interruption is fine
                            }
                            return "waiter " + n + " -> " + outcome + " "
                                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt[0])
                                    + " ms after close";
                        },
                        pool));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> threads.size() == 3);
            Awaits.parked(threads);
            closedAt[0] = System.nanoTime();
            waiterSide.close();
            List<String> outcomes = new ArrayList<>();
            for (CompletableFuture<String> w : waiters) {
                outcomes.add(w.get(30, TimeUnit.SECONDS));
            }
            pool.shutdown();
            long afterCloseMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt[0]);
            assertThat(afterCloseMs)
                    .as("waiters returned %d ms after close: %s", afterCloseMs, outcomes)
                    .isLessThan(8000); // they wait up to 20 s
            held.release();
        } finally {
            waiterSide.close();
            holderSide.close();
        }
    }

    /**
     * Probe (held up): a waiter of a closed StewardLocks that wakes (holder's lease ended) must answer as documented
     * for a closed service (IllegalStateException or empty), never hold a lock nobody renews.
     */
    @Test
    void aWaiterWakingAfterCloseAnswersClosed() throws Exception {
        StewardLocks holderSide = StewardLocks.create(client);
        StewardLocks waiterSide = StewardLocks.create(client);
        try {
            holderSide
                    .tryLock("wake-after-close", Duration.ofMillis(1500), Duration.ZERO)
                    .orElseThrow();
            holderSide.close(); // the holder crashes: its lock ends with its lease
            CompletableFuture<Object> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiterSide.tryLock("wake-after-close", LEASE, Duration.ofSeconds(10));
                } catch (Throwable e) {
                    return e;
                }
            });
            // refused while the lease runs, the waiter is next in line and waits
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> admin.commands().exists("lock:{wake-after-close}:next") == 1);
            waiterSide.close();
            Object outcome = waiter.get(20, TimeUnit.SECONDS);
            if (outcome instanceof Optional<?> o) {
                assertThat(o).as("a lock acquired through a closed service").isEmpty();
            } else {
                assertThat(outcome).as("outcome %s", outcome).isInstanceOf(IllegalStateException.class);
            }
        } finally {
            waiterSide.close();
            holderSide.close();
        }
    }

    @Test
    void closeLeavesHeldLocksToExpireAndTheirViewFollows() throws Exception {
        StewardLocks locks = StewardLocks.create(client);
        HeldLock held = locks.tryLock("closed-holder", Duration.ofMillis(500), Duration.ZERO)
                .orElseThrow();
        locks.close();
        assertThatThrownBy(() -> locks.tryLock("x", LEASE, Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !held.isHeld());
        assertThat(held.release()).isFalse();
        assertThat(admin.commands().exists("lock:{closed-holder}")).isZero();
    }

    /** Many names held at once: renewal from one thread keeps all of them. */
    @Test
    void tenThousandLocksHeldAtOnceAreAllRenewed() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            List<HeldLock> held = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                held.add(locks.tryLock("many-" + i, Duration.ofSeconds(3), Duration.ZERO)
                        .orElseThrow());
            }
            // three leases of 3 s: nothing is lost while one thread renews 10 000 names
            Awaits.holdsThroughout(Duration.ofSeconds(4), () -> locks.stats().lostLeases() == 0);
            assertThat(held).allMatch(HeldLock::isHeld);
            int released = 0;
            for (HeldLock h : held) {
                if (h.release()) {
                    released++;
                }
            }
            assertThat(released).isEqualTo(10_000);
        }
    }
}

package io.steward.client.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.steward.ConnectionFailedException;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.FaultProxy;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.STANDALONE)
class StandaloneLockIT {

    private static final Duration LEASE = Duration.ofSeconds(10);

    private final LocalTopology topology;
    private StewardClient client;

    StandaloneLockIT(LocalTopology topology) {
        this.topology = topology;
    }

    @BeforeEach
    void connect() {
        client = StewardClient.create(TopologyOptions.as(topology, "app").build());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void contendersNeverOverlapAndTokensStrictlyIncrease() throws Exception {
        try (StewardLocks first = StewardLocks.create(client);
                StewardLocks second = StewardLocks.create(client)) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    StewardLocks locks = t % 2 == 0 ? first : second;
                    results.add(pool.submit(() -> {
                        int held = 0;
                        for (int i = 0; i < 40; i++) {
                            Optional<HeldLock> lock = locks.tryLock("counter", LEASE, Duration.ofSeconds(20));
                            if (lock.isEmpty()) {
                                continue;
                            }
                            try (HeldLock l = lock.get()) {
                                if (inside.incrementAndGet() != 1) {
                                    overlaps.incrementAndGet();
                                }
                                tokens.add(l.fencingToken());
                                inside.decrementAndGet();
                                held++;
                            }
                        }
                        return held;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get(50, TimeUnit.SECONDS);
                }
                assertThat(total).isEqualTo(8 * 40);
            } finally {
                pool.shutdownNow();
            }
            assertThat(overlaps).hasValue(0);
            for (int i = 1; i < tokens.size(); i++) {
                assertThat(tokens.get(i)).isGreaterThan(tokens.get(i - 1));
            }
            assertThat(first.stats().acquired() + second.stats().acquired()).isEqualTo(320);
            assertThat(first.stats().released() + second.stats().released()).isEqualTo(320);
        }
    }

    @Test
    void twoProcessesTakeTurnsInsteadOfOneReacquiringAtOnce() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (StewardLocks a = StewardLocks.create(client);
                StewardLocks b = StewardLocks.create(client)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> runs = new ArrayList<>();
                CyclicBarrier ready = new CyclicBarrier(2);
                for (StewardLocks locks : List.of(a, b)) {
                    String who = locks == a ? "a" : "b";
                    runs.add(pool.submit(() -> {
                        // the first call of an instance loads scripts and connects: not part of the race
                        locks.tryLock("turns-warm-up-" + who, LEASE, Duration.ZERO)
                                .orElseThrow()
                                .release();
                        ready.await(20, TimeUnit.SECONDS);
                        for (int i = 0; i < 50; i++) {
                            HeldLock lock = locks.tryLock("turns", LEASE, Duration.ofSeconds(20))
                                    .orElseThrow();
                            order.add(who);
                            lock.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(50, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        // the lock changes hands between the two processes again and again: without turn-taking the
        // releaser re-takes it at once (one process took all 50 turns, then the other: 1 hand-over);
        // strict alternation gives 99; a loaded machine may let a turn lapse now and then
        List<String> sequence = new ArrayList<>(order);
        int handOvers = 0;
        for (int i = 1; i < sequence.size(); i++) {
            if (!sequence.get(i).equals(sequence.get(i - 1))) {
                handOvers++;
            }
        }
        assertThat(handOvers).as("hand-overs in %s", sequence).isGreaterThanOrEqualTo(20);
    }

    @Test
    void tryLockWithZeroWaitMakesOneAttempt() throws Exception {
        try (StewardLocks a = StewardLocks.create(client);
                StewardLocks b = StewardLocks.create(client);
                HeldLock held = a.tryLock("zero", LEASE, Duration.ZERO).orElseThrow()) {
            assertThat(b.tryLock("zero", LEASE, Duration.ZERO)).isEmpty();
            assertThat(b.stats().failedAttempts()).isEqualTo(1);
            assertThat(held.isHeld()).isTrue();
        }
    }

    @Test
    void aSecondTryLockFromTheHoldingThreadIsNotReentrant() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client);
                HeldLock held = locks.tryLock("reentry", LEASE, Duration.ZERO).orElseThrow()) {
            assertThat(locks.tryLock("reentry", LEASE, Duration.ofMillis(50))).isEmpty();
            assertThat(held.isHeld()).isTrue();
        }
    }

    @Test
    void onlyTheHolderReleases() throws Exception {
        List<String> lost = new CopyOnWriteArrayList<>();
        LockOptions expiring = LockOptions.builder()
                .renew(false)
                .onLostLease((l, why) -> lost.add(why))
                .build();
        try (StewardLocks a = StewardLocks.create(client, expiring);
                StewardLocks b = StewardLocks.create(client)) {
            HeldLock old = a.tryLock("only-holder", Duration.ofMillis(200), Duration.ZERO)
                    .orElseThrow();
            HeldLock current =
                    b.tryLock("only-holder", LEASE, Duration.ofSeconds(5)).orElseThrow();
            assertThat(current.fencingToken()).isGreaterThan(old.fencingToken());
            await().atMost(Duration.ofSeconds(5)).until(() -> !lost.isEmpty());
            assertThat(old.isHeld()).isFalse();
            assertThat(old.release()).isFalse();
            assertThat(client.commands().exists("lock:{only-holder}")).isEqualTo(1);
            assertThat(current.release()).isTrue();
            assertThat(current.release()).isFalse();
            assertThat(client.commands().exists("lock:{only-holder}")).isZero();
        }
    }

    @Test
    void releaseIsOneRoundTrip() throws Exception {
        try (StewardClient admin = StewardClient.create(
                        TopologyOptions.as(topology, "admin").build());
                StewardLocks locks = StewardLocks.create(
                        client, LockOptions.builder().renew(false).build())) {
            locks.tryLock("one-trip", LEASE, Duration.ZERO).orElseThrow().release(); // scripts cached
            HeldLock lock = locks.tryLock("one-trip", LEASE, Duration.ZERO).orElseThrow();
            Map<String, Long> before = commandCounts(admin);
            assertThat(lock.release()).isTrue();
            Map<String, Long> after = commandCounts(admin);
            assertThat(delta(before, after, "evalsha"))
                    .as("%s -> %s", before, after)
                    .isEqualTo(1);
            assertThat(delta(before, after, "eval")).isZero();
            // everything else counted meanwhile: the snapshot's own connection (HELLO, INFO) and the
            // commands the script ran inside the one EVALSHA
            long inside = delta(before, after, "get")
                    + delta(before, after, "del")
                    + delta(before, after, "pttl")
                    + delta(before, after, "pexpire")
                    + delta(before, after, "publish");
            long snapshot = delta(before, after, "hello") + delta(before, after, "info");
            assertThat(delta(before, after, "total") - inside - snapshot).isEqualTo(1);
        }
    }

    @Test
    void leaseExpiryFreesTheLockAndTellsTheListener() throws Exception {
        AtomicReference<String> why = new AtomicReference<>();
        LockOptions expiring = LockOptions.builder()
                .renew(false)
                .onLostLease((l, w) -> why.set(w))
                .build();
        try (StewardLocks a = StewardLocks.create(client, expiring);
                StewardLocks b = StewardLocks.create(client)) {
            HeldLock old =
                    a.tryLock("expiry", Duration.ofMillis(300), Duration.ZERO).orElseThrow();
            Optional<HeldLock> next = b.tryLock("expiry", LEASE, Duration.ofSeconds(10));
            assertThat(next).isPresent();
            await().atMost(Duration.ofSeconds(5)).until(() -> why.get() != null);
            assertThat(why.get()).contains("ran out");
            assertThat(old.isHeld()).isFalse();
            assertThat(a.stats().lostLeases()).isEqualTo(1);
            next.get().release();
        }
    }

    @Test
    void aWaiterWakesOnTheReleaseNotificationNotAtLeaseEnd() throws Exception {
        try (StewardLocks a = StewardLocks.create(client);
                StewardLocks b = StewardLocks.create(client)) {
            HeldLock held =
                    a.tryLock("notify", Duration.ofSeconds(30), Duration.ZERO).orElseThrow();
            CompletableFuture<Optional<HeldLock>> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return b.tryLock("notify", LEASE, Duration.ofSeconds(25));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            });
            await("the waiter subscribed")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> client.commands()
                                    .pubsubNumsub("lock:{notify}:released")
                                    .get("lock:{notify}:released")
                            == 1L);
            long released = System.nanoTime();
            held.release();
            Optional<HeldLock> next = waiter.get(20, TimeUnit.SECONDS);
            long wokeAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
            assertThat(next).isPresent();
            assertThat(next.get().fencingToken()).isGreaterThan(held.fencingToken());
            // far below the 30 s the holder's lease still had: woken by the notification
            assertThat(wokeAfterMillis).isLessThan(5_000);
            next.get().release();
        }
    }

    @Test
    void renewalsKeepTheLockAndStopForGoodAfterRelease() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            HeldLock lock = locks.tryLock("renewed", Duration.ofMillis(300), Duration.ZERO)
                    .orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> locks.stats().renewals() >= 4);
            assertThat(lock.isHeld()).isTrue();
            assertThat(client.commands().exists("lock:{renewed}")).isEqualTo(1);
            assertThat(lock.release()).isTrue();
            // a renewal answer in flight may still be handed to the renewal thread, which drops it
            await().atMost(Duration.ofSeconds(2)).until(() -> locks.pendingTimers() == 0);
            long renewals = locks.stats().renewals();
            // another holder takes the name; a renewal of the old holder would have to touch its key
            try (HeldLock other = StewardLocks.create(
                            client, LockOptions.builder().renew(false).build())
                    .tryLock("renewed", Duration.ofSeconds(3), Duration.ZERO)
                    .orElseThrow()) {
                await().during(Duration.ofMillis(600))
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> locks.stats().renewals() == renewals && locks.pendingTimers() == 0);
                assertThat(client.commands().pttl("lock:{renewed}")).isLessThan(2500);
                assertThat(other.isHeld()).isTrue();
            }
            assertThat(locks.stats().lostLeases()).isZero();
        }
    }

    @Test
    void aHolderCutOffFromRedisLosesItsLeaseAndItsLateWriteIsRejected() throws Exception {
        FencedResource resource = new FencedResource();
        List<String> lost = new CopyOnWriteArrayList<>();
        try (FaultProxy proxy = FaultProxy.start(topology.master())) {
            StewardClient cutOff = StewardClient.create(TopologyOptions.as(topology, "app")
                    .endpoints(proxy.endpoint())
                    .commandTimeout(Duration.ofSeconds(1))
                    .build());
            try (StewardLocks oldLocks = StewardLocks.create(
                            cutOff,
                            LockOptions.builder()
                                    .onLostLease((l, why) -> lost.add(why))
                                    .build());
                    StewardLocks newLocks = StewardLocks.create(client)) {
                HeldLock old = oldLocks.tryLock("fenced", Duration.ofMillis(900), Duration.ZERO)
                        .orElseThrow();
                assertThat(resource.write(old.fencingToken(), "old holder, in time"))
                        .isTrue();

                proxy.blackhole();
                await("the lost-lease callback").atMost(Duration.ofSeconds(10)).until(() -> !lost.isEmpty());
                assertThat(old.isHeld()).isFalse();
                assertThat(oldLocks.stats().lostLeases()).isEqualTo(1);

                HeldLock current = newLocks.tryLock("fenced", LEASE, Duration.ofSeconds(10))
                        .orElseThrow();
                assertThat(current.fencingToken()).isGreaterThan(old.fencingToken());
                assertThat(resource.write(current.fencingToken(), "new holder")).isTrue();
                assertThat(resource.write(old.fencingToken(), "old holder, late"))
                        .isFalse();
                assertThat(resource.writes()).containsExactly("old holder, in time", "new holder");

                assertThatThrownBy(() -> oldLocks.tryLock("other", LEASE, Duration.ZERO))
                        .isInstanceOf(ConnectionFailedException.class);
                current.release();
            } finally {
                proxy.heal();
                cutOff.close();
            }
        }
    }

    @Test
    void waitModeWithoutEnoughReplicasReleasesAndThrows() throws Exception {
        // a standalone server has no replica to acknowledge
        try (StewardLocks locks = StewardLocks.create(
                client,
                LockOptions.builder().waitForReplicas(1, Duration.ofMillis(100)).build())) {
            assertThatThrownBy(() -> locks.tryLock("unreplicated", LEASE, Duration.ZERO))
                    .isInstanceOfSatisfying(LockNotReplicatedException.class, e -> {
                        assertThat(e.required()).isEqualTo(1);
                        assertThat(e.acknowledged()).isZero();
                        assertThat(e.lockName()).isEqualTo("unreplicated");
                    });
            assertThat(client.commands().exists("lock:{unreplicated}")).isZero();
            assertThat(locks.stats().notReplicated()).isEqualTo(1);
            try (StewardLocks plain = StewardLocks.create(client);
                    HeldLock again =
                            plain.tryLock("unreplicated", LEASE, Duration.ZERO).orElseThrow()) {
                assertThat(again.isHeld()).isTrue();
            }
        }
    }

    @Test
    void waitModeRejectsALeaseShorterThanThreeWaitTimeouts() {
        try (StewardLocks locks = StewardLocks.create(
                client,
                LockOptions.builder().waitForReplicas(1, Duration.ofSeconds(1)).build())) {
            assertThatThrownBy(() -> locks.tryLock("short-lease", Duration.ofMillis(2_999), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 x waitTimeout");
            assertThat(client.commands().exists("lock:{short-lease}:fence")).isZero();
        }
    }

    @Test
    void anInterruptedWaiterGivesUpAndKeepsNothing() throws Exception {
        try (StewardLocks a = StewardLocks.create(client);
                StewardLocks b = StewardLocks.create(client);
                HeldLock held = a.tryLock("interrupted", LEASE, Duration.ZERO).orElseThrow()) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    b.tryLock("interrupted", LEASE, Duration.ofSeconds(30));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            waiter.start();
            await("the waiter subscribed")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> client.commands()
                                    .pubsubNumsub("lock:{interrupted}:released")
                                    .get("lock:{interrupted}:released")
                            == 1L);
            waiter.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            assertThat(held.release()).isTrue();
            Optional<HeldLock> next = b.tryLock("interrupted", LEASE, Duration.ZERO);
            assertThat(next).isPresent();
            next.get().release();
        }
    }

    @Test
    void aWaiterThatGivesUpLeavesNoMarkerAndAThirdInstanceTakesTheFreeLock() throws Exception {
        try (StewardLocks a = StewardLocks.create(client);
                StewardLocks b = StewardLocks.create(client);
                StewardLocks c = StewardLocks.create(client)) {
            HeldLock held = a.tryLock("given-up", LEASE, Duration.ZERO).orElseThrow();
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    b.tryLock("given-up", LEASE, Duration.ofSeconds(30));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            waiter.start();
            await("the waiter is next in line and subscribed")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> client.commands().exists("lock:{given-up}:next") == 1
                            && client.commands()
                                            .pubsubNumsub("lock:{given-up}:released")
                                            .get("lock:{given-up}:released")
                                    == 1L);
            waiter.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            await("the waiter's marker is gone")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> client.commands().exists("lock:{given-up}:next") == 0);
            assertThat(held.release()).isTrue();
            Optional<HeldLock> third = c.tryLock("given-up", LEASE, Duration.ZERO);
            assertThat(third).isPresent();
            third.get().release();
        }
    }

    @Test
    void aReleaseCutsTheMarkerOfAWaiterThatDiedSoAnotherInstanceGetsTheLock() throws Exception {
        try (StewardLocks a = StewardLocks.create(client);
                StewardLocks c = StewardLocks.create(client)) {
            HeldLock held = a.tryLock("dead-waiter", LEASE, Duration.ZERO).orElseThrow();
            // what a process that died while next in line leaves behind
            client.commands()
                    .set("lock:{dead-waiter}:next", "a-dead-instance", io.lettuce.core.SetArgs.Builder.px(60_000));
            assertThat(held.release()).isTrue();
            assertThat(client.commands().pttl("lock:{dead-waiter}:next")).isLessThanOrEqualTo(200);
            Optional<HeldLock> next = c.tryLock("dead-waiter", LEASE, Duration.ofSeconds(10));
            assertThat(next).isPresent();
            next.get().release();
        }
    }

    @Test
    void anInterruptDuringTheAcquireRoundTripThrowsAndLeavesNoLockInRedis() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(topology.master());
                StewardClient slow = StewardClient.create(TopologyOptions.as(topology, "app")
                        .endpoints(proxy.endpoint())
                        .commandTimeout(Duration.ofSeconds(5))
                        .build());
                StewardLocks locks = StewardLocks.create(slow)) {
            locks.tryLock("round-trip-warm-up", LEASE, Duration.ZERO)
                    .orElseThrow()
                    .release(); // scripts cached
            proxy.latency(Duration.ofMillis(700));
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    locks.tryLock("round-trip", LEASE, Duration.ZERO);
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            caller.start();
            await("the attempt is on the wire")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> caller.getState() == Thread.State.TIMED_WAITING);
            caller.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            proxy.heal();
            // the attempt took the lock (the proxy only delays); the release sent after it removes it
            await("no orphaned lock")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> client.commands().exists("lock:{round-trip}") == 0);
            assertThat(client.commands().get("lock:{round-trip}:fence")).isEqualTo("1");
            assertThat(locks.stats().acquired()).isEqualTo(1);
            try (HeldLock again =
                    locks.tryLock("round-trip", LEASE, Duration.ZERO).orElseThrow()) {
                assertThat(again.fencingToken()).isEqualTo(2);
            }
        }
    }

    @Test
    void anAttemptWhoseAnswerTimesOutLeavesNoLockInRedis() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(topology.master());
                StewardClient cutOff = StewardClient.create(TopologyOptions.as(topology, "app")
                        .endpoints(proxy.endpoint())
                        .commandTimeout(Duration.ofMillis(500))
                        .build());
                StewardLocks locks = StewardLocks.create(cutOff)) {
            locks.tryLock("timed-out-warm-up", LEASE, Duration.ZERO)
                    .orElseThrow()
                    .release(); // scripts cached
            proxy.blackhole();
            assertThatThrownBy(() -> locks.tryLock("timed-out", LEASE, Duration.ZERO))
                    .isInstanceOf(ConnectionFailedException.class);
            // the attempt was only held up: it reaches Redis now, and the clean-up sent after it too
            proxy.heal();
            await("the attempt ran").atMost(Duration.ofSeconds(5)).until(() -> "1"
                    .equals(client.commands().get("lock:{timed-out}:fence")));
            await("no orphaned lock")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> client.commands().exists("lock:{timed-out}") == 0);
        }
    }

    @Test
    void aLeaseLostWhileARenewalWasStillOnItsWayIsDeletedInRedis() throws Exception {
        CompletableFuture<String> lost = new CompletableFuture<>();
        try (FaultProxy proxy = FaultProxy.start(topology.master());
                StewardClient slow = StewardClient.create(TopologyOptions.as(topology, "app")
                        .endpoints(proxy.endpoint())
                        .commandTimeout(Duration.ofSeconds(10))
                        .build());
                StewardLocks locks = StewardLocks.create(
                        slow,
                        LockOptions.builder()
                                .onLostLease((l, why) -> lost.complete(why))
                                .build())) {
            // the renewal script is loaded first (a NOSCRIPT answer would delay the renewals past the key's expiry)
            try (HeldLock warmUp = locks.tryLock("late-renewal-warm-up", Duration.ofMillis(300), Duration.ZERO)
                    .orElseThrow()) {
                await().atMost(Duration.ofSeconds(5)).until(() -> locks.stats().renewals() >= 1);
            }
            HeldLock lock = locks.tryLock("late-renewal", Duration.ofSeconds(3), Duration.ZERO)
                    .orElseThrow();
            // renewals (from 1 s on) reach Redis in time and extend the key, but their answers come
            // back after the lease ran out locally
            proxy.latency(Duration.ofMillis(1_200));
            assertThat(lost.get(10, TimeUnit.SECONDS)).contains("ran out");
            assertThat(lock.isHeld()).isFalse();
            proxy.heal();
            // without the release sent on loss, the last renewal keeps the key ~3 s longer
            await("the lost lock is deleted")
                    .atMost(Duration.ofMillis(2_000))
                    .until(() -> client.commands().exists("lock:{late-renewal}") == 0);
        }
    }

    @Test
    void closeWakesAWaiterWithIllegalStateException() throws Exception {
        StewardLocks a = StewardLocks.create(client);
        try (StewardLocks b = StewardLocks.create(client);
                HeldLock held = b.tryLock("closing", LEASE, Duration.ZERO).orElseThrow()) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    a.tryLock("closing", LEASE, Duration.ofSeconds(30));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            waiter.start();
            await("the waiter subscribed")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> client.commands()
                                    .pubsubNumsub("lock:{closing}:released")
                                    .get("lock:{closing}:released")
                            == 1L);
            a.close();
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            assertThat(held.isHeld()).isTrue();
        } finally {
            a.close();
        }
    }

    @Test
    void metricsPublishTheCounters() throws Exception {
        try (StewardLocks locks = StewardLocks.create(client)) {
            locks.tryLock("metered", LEASE, Duration.ZERO).orElseThrow().release();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new LockMetrics(locks, "jobs").bindTo(registry);
            assertThat(registry.get("steward.lock.acquisitions")
                            .tag("result", "acquired")
                            .functionCounter()
                            .count())
                    .isEqualTo(1.0);
            assertThat(registry.get("steward.lock.releases").functionCounter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("steward.lock.wait").functionTimer().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void documentedExampleRuns() throws Exception {
        // mirrors docs/coordination.md, section Locks
        FencedResource storage = new FencedResource();
        try (StewardLocks locks = StewardLocks.create(client)) {
            Optional<HeldLock> acquired = locks.tryLock("invoice-42", Duration.ofSeconds(30), Duration.ofSeconds(5));
            if (acquired.isPresent()) {
                try (HeldLock lock = acquired.get()) {
                    storage.write(lock.fencingToken(), "paid"); // the store rejects lower tokens
                }
            }
        }
        assertThat(storage.writes()).containsExactly("paid");
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String command) {
        return after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
    }

    /** Calls per command from INFO commandstats, and {@code total} from total_commands_processed. */
    private static Map<String, Long> commandCounts(StewardClient admin) {
        String info;
        try (var node = admin.connectNode(admin.currentMaster())) {
            info = node.sync().info("everything");
        }
        Map<String, Long> counts = new java.util.HashMap<>();
        info.lines().forEach(l -> {
            if (l.startsWith("cmdstat_")) {
                counts.put(
                        l.substring("cmdstat_".length(), l.indexOf(':')),
                        Long.parseLong(l.replaceAll("^[^:]+:calls=(\\d+),.*$", "$1")));
            } else if (l.startsWith("total_commands_processed:")) {
                counts.put(
                        "total", Long.parseLong(l.substring(l.indexOf(':') + 1).trim()));
            }
        });
        return counts;
    }
}

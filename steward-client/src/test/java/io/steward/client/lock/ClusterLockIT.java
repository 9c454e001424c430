package io.steward.client.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.CLUSTER)
class ClusterLockIT {

    private static final Duration LEASE = Duration.ofSeconds(10);

    @Test
    void locksOnManySlotsExcludeAndFence(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardClient client =
                        StewardClient.create(TopologyOptions.as(topology, "app").build());
                StewardLocks first = StewardLocks.create(client);
                StewardLocks second = StewardLocks.create(client)) {
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger[] inside = new AtomicInteger[8];
            long[] lastToken = new long[8];
            for (int i = 0; i < inside.length; i++) {
                inside[i] = new AtomicInteger();
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    StewardLocks locks = t % 2 == 0 ? first : second;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 60; i++) {
                            int n = i % 8;
                            HeldLock lock = locks.tryLock("job-" + n, LEASE, Duration.ofSeconds(20))
                                    .orElseThrow();
                            try (lock) {
                                if (inside[n].incrementAndGet() != 1) {
                                    overlaps.incrementAndGet();
                                }
                                synchronized (lastToken) {
                                    if (lock.fencingToken() <= lastToken[n]) {
                                        overlaps.incrementAndGet();
                                    }
                                    lastToken[n] = lock.fencingToken();
                                }
                                inside[n].decrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(50, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(overlaps).hasValue(0);
            assertThat(first.stats().acquired() + second.stats().acquired()).isEqualTo(480);
        }
    }

    @Test
    void aWaiterHearsTheReleaseThroughClusterPubSub(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardClient client =
                        StewardClient.create(TopologyOptions.as(topology, "app").build());
                StewardLocks a = StewardLocks.create(client);
                StewardLocks b = StewardLocks.create(client)) {
            HeldLock held =
                    a.tryLock("report", Duration.ofSeconds(30), Duration.ZERO).orElseThrow();
            CompletableFuture<Optional<HeldLock>> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return b.tryLock("report", LEASE, Duration.ofSeconds(25));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            });
            org.awaitility.Awaitility.await("the waiter subscribed")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> waitingSubscribed(client, topology));
            long released = System.nanoTime();
            held.release();
            Optional<HeldLock> next = waiter.get(20, TimeUnit.SECONDS);
            assertThat(next).isPresent();
            assertThat(next.get().fencingToken()).isGreaterThan(held.fencingToken());
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released))
                    .isLessThan(5_000);
            next.get().release();
        }
    }

    @Test
    void waitModeAcquiresOnTheSlotMaster(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardClient client =
                        StewardClient.create(TopologyOptions.as(topology, "app").build());
                StewardLocks locks = StewardLocks.create(
                        client,
                        LockOptions.builder()
                                .waitForReplicas(1, Duration.ofSeconds(2))
                                .build())) {
            long previous = 0;
            for (int i = 0; i < 5; i++) {
                try (HeldLock lock =
                        locks.tryLock("replicated-" + i, LEASE, Duration.ZERO).orElseThrow()) {
                    assertThat(lock.isHeld()).isTrue();
                    assertThat(lock.fencingToken()).isPositive();
                    previous = lock.fencingToken();
                }
            }
            assertThat(previous).isPositive();
            assertThat(locks.stats().notReplicated()).isZero();
        }
    }

    private static boolean waitingSubscribed(StewardClient client, LocalTopology topology) {
        long subscribers = 0;
        for (var node : topology.redisNodes()) {
            try (var connection = client.connectNode(node.endpoint())) {
                subscribers += connection.sync().pubsubNumsub("lock:{report}:released").values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
            }
        }
        return subscribers > 0;
    }
}

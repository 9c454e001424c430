package io.steward.client.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.client.ratelimit.Decision;
import io.steward.client.ratelimit.RateLimit;
import io.steward.client.ratelimit.RateLimiter;
import io.steward.client.ratelimit.RateLimiterOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Hostile probes of io.steward.client.ratelimit. Found by a hostile-user review of issue 15; each defect it showed is fixed and kept here as a regression test. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class HostileRateLimiterIT {

    private StewardClient client;
    private StewardClient admin;
    private String ns;

    @BeforeEach
    void connect(LocalTopology topology, TestInfo test) {
        client = StewardClient.create(TopologyOptions.as(topology, "app").build());
        admin = StewardClient.create(TopologyOptions.as(topology, "admin").build());
        ns = "h-" + test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void close() {
        client.close();
        admin.close();
    }

    @Test
    void badArgumentsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> RateLimit.gcra("x", 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> RateLimit.gcra("x", -1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.gcra("x", 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("period");
        assertThatThrownBy(() -> RateLimit.gcra("x", 1, Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.gcra("x", 2000, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.gcra("x", 1, Duration.ofDays(4000)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.gcra("", 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.gcra("a{b", 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.slidingWindow("x", 100_001, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        RateLimit.slidingWindow("x", 5, Duration.ofSeconds(1)).withBurst(2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.gcra("x", 5, Duration.ofSeconds(1)).withBurst(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimit.gcra("x", 5, Duration.ofSeconds(1)).withBurst(Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        RateLimit ok = RateLimit.gcra("x", 5, Duration.ofSeconds(1));
        assertThatThrownBy(() -> RateLimiter.create(client, "", List.of(ok)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimiter.create(client, "a}b", List.of(ok)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimiter.create(client, ns, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimiter.create(client, ns, List.of(ok, ok)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimiterOptions.builder().keyPrefix("{").build())
                .isInstanceOf(IllegalArgumentException.class);
        RateLimiter limiter = RateLimiter.create(client, ns, List.of(ok));
        assertThatThrownBy(() -> limiter.tryAcquire(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity");
        assertThatThrownBy(() -> limiter.tryAcquire(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> limiter.tryAcquire("a", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> limiter.tryAcquire("a", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.tryAcquire("a", Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThat(limiter.stats().allowed()).isZero();
    }

    @Test
    void oddIdentitiesGetKeysOfTheirOwn() {
        RateLimiter limiter =
                RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("w", 1, Duration.ofMinutes(1))));
        List<String> ids =
                List.of("a}", "a\\)", "a\\", "{a}", "a", "line\nbreak", "ünï名", "}", "{", "\\\\)", "x".repeat(1 << 20));
        for (String id : ids) {
            assertThat(limiter.tryAcquire(id).allowed())
                    .as("first for %s", id.length() > 50 ? "1MB" : id)
                    .isTrue();
        }
        for (String id : ids) {
            assertThat(limiter.tryAcquire(id).allowed()).isFalse();
        }
    }

    @Test
    void extremePeriodsWork() {
        RateLimiter oneMs = RateLimiter.create(
                client,
                ns + "a",
                List.of(
                        RateLimit.slidingWindow("w", 1, Duration.ofMillis(1)),
                        RateLimit.gcra("g", 1, Duration.ofMillis(1))));
        assertThat(oneMs.tryAcquire("id").allowed()).isTrue();
        RateLimiter tenYears = RateLimiter.create(
                client,
                ns + "b",
                List.of(
                        RateLimit.slidingWindow("w", 2, Duration.ofDays(3650)),
                        RateLimit.gcra("g", 2, Duration.ofDays(3650))));
        Decision first = tenYears.tryAcquire("id");
        assertThat(first.allowed()).isTrue();
        Decision third = tenYears.tryAcquire("id");
        assertThat(third.allowed())
                .as("gcra burst 1: second within 5 years refused")
                .isFalse();
        assertThat(third.retryAfter()).isGreaterThan(Duration.ofDays(1000));
        RateLimiter maxGcra = RateLimiter.create(
                client,
                ns + "c",
                List.of(RateLimit.gcra("g", 3, RateLimit.MAX_PERIOD).withBurst(1)));
        assertThat(maxGcra.tryAcquire("id").allowed()).isTrue();
        RateLimiter bigWindow = RateLimiter.create(
                client, ns + "d", List.of(RateLimit.slidingWindow("w", 100_000, Duration.ofMinutes(1))));
        assertThat(bigWindow.tryAcquire("id", 100_000).allowed()).isTrue();
        Decision over = bigWindow.tryAcquire("id");
        assertThat(over.allowed()).isFalse();
        assertThat(over.remaining()).isZero();
    }

    @Test
    void remainingAndRetryAfterAreRight() {
        RateLimiter limiter = RateLimiter.create(
                client,
                ns,
                List.of(
                        RateLimit.slidingWindow("w", 3, Duration.ofSeconds(10)),
                        RateLimit.gcra("g", 100, Duration.ofSeconds(10)).withBurst(10)));
        assertThat(limiter.tryAcquire("id").remaining()).isEqualTo(2);
        assertThat(limiter.tryAcquire("id").remaining()).isEqualTo(1);
        Decision third = limiter.tryAcquire("id");
        assertThat(third.allowed()).isTrue();
        assertThat(third.remaining()).isZero();
        assertThat(third.retryAfter()).isEqualTo(Duration.ZERO);
        assertThat(third.limitedBy()).isNull();
        Decision fourth = limiter.tryAcquire("id");
        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.limitedBy()).isEqualTo("w");
        assertThat(fourth.remaining()).isZero();
        assertThat(fourth.retryAfter()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
        assertThatThrownBy(() -> limiter.tryAcquire("id", 4)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Concurrency with several permits per request: count permits per window from decidedAt. */
    @Test
    void noOverAdmissionWithMultiPermitRequestsUnderConcurrency() throws Exception {
        long limit = 40;
        Duration window = Duration.ofMillis(500);
        RateLimiter limiter = RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("w", limit, window)));
        List<long[]> grants = Collections.synchronizedList(new ArrayList<>()); // {micros, permits}
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                fs.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        int p = ThreadLocalRandom.current().nextInt(1, 6);
                        Decision d = limiter.tryAcquire("hot", p);
                        if (d.allowed()) {
                            Instant at = d.decidedAt();
                            grants.add(new long[] {at.getEpochSecond() * 1_000_000 + at.getNano() / 1000, p});
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        List<long[]> sorted = new ArrayList<>(grants);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        long windowMicros = window.toNanos() / 1000;
        long worst = 0;
        int j = 0;
        long sum = 0;
        for (int i = 0; i < sorted.size(); i++) { // windows [t_j, t_j + window] ending at each grant
            sum += sorted.get(i)[1];
            while (sorted.get(i)[0] - sorted.get(j)[0] > windowMicros) {
                sum -= sorted.get(j)[1];
                j++;
            }
            worst = Math.max(worst, sum);
        }
        assertThat(sorted).isNotEmpty();
        assertThat(worst).as("most permits in one window of %s", window).isLessThanOrEqualTo(limit);
    }

    /** DEFECT probe: a deploy lowers a sliding-window limit on a live key (same namespace and limit name). */
    @Test
    void loweringASlidingWindowLimitOnALiveKeyNeverAdmitsMoreThanTheNewLimit() {
        RateLimiter before =
                RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("w", 10, Duration.ofMinutes(1))));
        for (int i = 0; i < 7; i++) {
            assertThat(before.tryAcquire("id").allowed()).isTrue();
        }
        RateLimiter after =
                RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("w", 3, Duration.ofMinutes(1))));
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            if (after.tryAcquire("id").allowed()) {
                admitted++;
            }
        }
        assertThat(admitted).as("7 permits already in the window, new limit 3").isZero();
    }

    /** DEFECT probe: raising a sliding-window limit on a live key (3 -> 10) admits exactly the difference. */
    @Test
    void raisingASlidingWindowLimitOnALiveKeyAdmitsTheDifference() {
        RateLimiter before =
                RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("w", 3, Duration.ofMinutes(1))));
        for (int i = 0; i < 5; i++) {
            before.tryAcquire("id");
        }
        RateLimiter after =
                RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("w", 10, Duration.ofMinutes(1))));
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            if (after.tryAcquire("id").allowed()) {
                admitted++;
            }
        }
        assertThat(admitted).as("3 permits in the window, new limit 10").isEqualTo(7);
    }

    /** Probe (held up): the algorithm of a limit changes under the same name (gcra -> sliding window and back). */
    @Test
    void switchingAlgorithmUnderOneNameDoesNotBreak() {
        RateLimiter gcra = RateLimiter.create(client, ns, List.of(RateLimit.gcra("x", 1, Duration.ofMinutes(1))));
        assertThat(gcra.tryAcquire("id").allowed()).isTrue();
        RateLimiter sliding =
                RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("x", 5, Duration.ofMinutes(1))));
        Decision d = sliding.tryAcquire("id");
        assertThat(d).isNotNull();
        RateLimiter sliding2 =
                RateLimiter.create(client, ns + "2", List.of(RateLimit.slidingWindow("x", 5, Duration.ofMinutes(1))));
        sliding2.tryAcquire("id");
        RateLimiter gcra2 =
                RateLimiter.create(client, ns + "2", List.of(RateLimit.gcra("x", 1, Duration.ofMinutes(1))));
        Decision back = gcra2.tryAcquire("id");
        assertThat(back).isNotNull();
        Decision again = gcra2.tryAcquire("id");
        assertThat(again.allowed())
                .as("gcra burst 1: second in a minute refused")
                .isFalse();
    }

    /** Probe (held up): lowering a limit after the ring was filled and wrapped (10 -> 3, 10 permits taken). */
    @Test
    void loweringAfterAFullRingNeverAdmitsMoreThanTheNewLimit() {
        RateLimiter before =
                RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("w", 10, Duration.ofMinutes(1))));
        for (int i = 0; i < 13; i++) {
            before.tryAcquire("id");
        }
        RateLimiter after =
                RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("w", 3, Duration.ofMinutes(1))));
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            if (after.tryAcquire("id").allowed()) {
                admitted++;
            }
        }
        assertThat(admitted).as("10 permits already in the window, new limit 3").isZero();
    }

    /** failOpen must also cover a Redis that does not answer (timeouts), not only refused connections. */
    @Test
    void failOpenCoversTimeouts(LocalTopology topology) {
        try (io.steward.test.FaultProxy proxy = io.steward.test.FaultProxy.start(topology.master())) {
            StewardClient cut = StewardClient.create(TopologyOptions.as(topology, "app")
                    .endpoints(proxy.endpoint())
                    .commandTimeout(Duration.ofMillis(300))
                    .build());
            try {
                RateLimiter open = RateLimiter.create(
                        cut,
                        ns,
                        List.of(RateLimit.gcra("g", 1, Duration.ofMinutes(1))),
                        RateLimiterOptions.builder().failOpen(true).build());
                RateLimiter closed =
                        RateLimiter.create(cut, ns + "c", List.of(RateLimit.gcra("g", 1, Duration.ofMinutes(1))));
                assertThat(open.tryAcquire("x").allowed()).isTrue();
                proxy.blackhole();
                Decision d = open.tryAcquire("x");
                assertThat(d.allowed()).isTrue();
                assertThat(d.failedOpen()).isTrue();
                assertThat(d.remaining()).isEqualTo(-1);
                assertThat(open.stats().failures()).isEqualTo(1);
                assertThatThrownBy(() -> closed.tryAcquire("x"))
                        .isInstanceOf(io.steward.ConnectionFailedException.class);
            } finally {
                proxy.heal();
                cut.close();
            }
        }
    }

    @Test
    void gcraRemainingCountsTheBurst() {
        RateLimiter limiter = RateLimiter.create(
                client,
                ns,
                List.of(RateLimit.gcra("g", 10, Duration.ofSeconds(100)).withBurst(5)));
        assertThat(limiter.tryAcquire("id").remaining()).isEqualTo(4);
        assertThat(limiter.tryAcquire("id", 4).remaining()).isZero();
        Decision refused = limiter.tryAcquire("id");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
    }

    /** retryAfter of a several-permit refusal is exact: until the n-th oldest permit leaves the window. */
    @Test
    void retryAfterOfSeveralPermitsIsExact() throws Exception {
        Duration window = Duration.ofSeconds(2);
        RateLimiter limiter = RateLimiter.create(client, ns, List.of(RateLimit.slidingWindow("w", 3, window)));
        Decision t0 = limiter.tryAcquire("id");
        Awaits.serverTime(admin.commands(), t0.decidedAt().plusMillis(400));
        Decision t1 = limiter.tryAcquire("id");
        Awaits.serverTime(admin.commands(), t1.decidedAt().plusMillis(400));
        Decision t2 = limiter.tryAcquire("id");
        assertThat(t2.remaining()).isZero();
        Decision two = limiter.tryAcquire("id", 2);
        assertThat(two.allowed()).isFalse();
        assertThat(two.retryAfter())
                .isEqualTo(Duration.between(
                        two.decidedAt(), t1.decidedAt().plus(window).plusNanos(1000)));
        Decision one = limiter.tryAcquire("id", 1);
        assertThat(one.retryAfter())
                .isEqualTo(Duration.between(
                        one.decidedAt(), t0.decidedAt().plus(window).plusNanos(1000)));
        Awaits.serverTime(admin.commands(), two.decidedAt().plus(two.retryAfter()));
        Decision again = limiter.tryAcquire("id", 2);
        assertThat(again.allowed()).isTrue();
        assertThat(again.remaining()).isZero();
        Awaits.serverTime(admin.commands(), again.decidedAt().plus(window).plusNanos(1000));
        Decision fresh = limiter.tryAcquire("id");
        assertThat(fresh.remaining()).isEqualTo(2);
    }

    @Test
    void keysExpireOnTheirOwnAndCarryNoMoreThanDocumented() throws Exception {
        RateLimiter limiter = RateLimiter.create(
                client,
                ns,
                List.of(
                        RateLimit.slidingWindow("w", 5, Duration.ofMillis(800)),
                        RateLimit.gcra("g", 5, Duration.ofMillis(800))));
        limiter.tryAcquire("ttl-id", 1);
        String w = "rl:" + ns + ":{ttl-id}:w";
        String g = "rl:" + ns + ":{ttl-id}:g";
        assertThat(admin.commands().pttl(w)).isBetween(1L, 800L);
        assertThat(admin.commands().pttl(g)).isBetween(1L, 800L);
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.commands().exists(w, g) == 0);
    }
}

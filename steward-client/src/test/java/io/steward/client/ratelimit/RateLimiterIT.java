package io.steward.client.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.steward.ConnectionFailedException;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.FaultProxy;
import io.steward.test.RedisTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

@RedisTopology(mode = TopologyMode.STANDALONE)
class RateLimiterIT {

    private StewardClient client;
    private String namespace;

    @BeforeEach
    void connect(LocalTopology topology, TestInfo test) {
        client = StewardClient.create(TopologyOptions.as(topology, "app").build());
        namespace = test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void slidingWindowAdmitsTheLimitThenRefusesUntilTheOldestPermitLeavesTheWindow() {
        RateLimiter limiter = RateLimiter.create(
                client, namespace, List.of(RateLimit.slidingWindow("w", 10, Duration.ofSeconds(30))));

        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            decisions.add(limiter.tryAcquire("alice"));
        }
        Decision refused = limiter.tryAcquire("alice");

        assertThat(decisions).allMatch(Decision::allowed);
        assertThat(decisions).extracting(Decision::remaining).containsExactly(9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.limitedBy()).isEqualTo("w");
        // the oldest permit leaves the window one microsecond after it is exactly 30 s old
        Instant oldestLeaves = decisions.get(0).decidedAt().plusSeconds(30).plus(1, ChronoUnit.MICROS);
        assertThat(refused.retryAfter()).isEqualTo(Duration.between(refused.decidedAt(), oldestLeaves));
        assertThat(limiter.tryAcquire("bob").allowed()).as("another identity").isTrue();
        assertThat(limiter.stats()).isEqualTo(new RateLimiterStats(11, 1, 0));
    }

    @Test
    void slidingWindowAdmitsAgainOnceRetryAfterHasPassed() {
        RateLimiter limiter =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 3, Duration.ofSeconds(1))));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
        }
        Decision refused = limiter.tryAcquire("alice");
        assertThat(refused.allowed()).isFalse();

        AtomicReference<Decision> next = new AtomicReference<>();
        await().pollDelay(refused.retryAfter())
                .atMost(refused.retryAfter().plusSeconds(5))
                .until(() -> {
                    next.set(limiter.tryAcquire("alice"));
                    return next.get().allowed();
                });
        assertThat(next.get().decidedAt()).isAfterOrEqualTo(refused.decidedAt().plus(refused.retryAfter()));
    }

    @Test
    void gcraSpacesPermitsByTheEmissionInterval() {
        RateLimiter limiter =
                RateLimiter.create(client, namespace, List.of(RateLimit.gcra("g", 10, Duration.ofSeconds(30))));

        Decision first = limiter.tryAcquire("alice");
        Decision second = limiter.tryAcquire("alice");

        assertThat(first.allowed()).isTrue();
        assertThat(first.remaining()).isZero();
        // one permit per 3 s: the next is due 3 s after the first
        Instant due = first.decidedAt().plusSeconds(3);
        assertThat(second.allowed()).isEqualTo(!second.decidedAt().isBefore(due));
        if (!second.allowed()) {
            assertThat(second.limitedBy()).isEqualTo("g");
            assertThat(second.retryAfter()).isEqualTo(Duration.between(second.decidedAt(), due));
        }
    }

    @Test
    void gcraBurstAdmitsThatManyBackToBack() {
        RateLimiter limiter = RateLimiter.create(
                client,
                namespace,
                List.of(RateLimit.gcra("g", 10, Duration.ofSeconds(10)).withBurst(5)));

        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            decisions.add(limiter.tryAcquire("alice"));
        }

        assertThat(decisions.subList(0, 5)).allMatch(Decision::allowed);
        Decision sixth = decisions.get(5);
        // the sixth is due one emission interval (1 s) after the first
        Instant due = decisions.get(0).decidedAt().plusSeconds(1);
        assertThat(sixth.allowed()).isEqualTo(!sixth.decidedAt().isBefore(due));
        if (!sixth.allowed()) {
            assertThat(sixth.retryAfter()).isEqualTo(Duration.between(sixth.decidedAt(), due));
        }
    }

    @Test
    void severalPermitsAreTakenTogetherOrNotAtAll() {
        RateLimiter sliding =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 5, Duration.ofSeconds(30))));
        RateLimiter gcra = RateLimiter.create(
                client,
                namespace + "-gcra",
                List.of(RateLimit.gcra("g", 5, Duration.ofSeconds(30)).withBurst(5)));

        for (RateLimiter limiter : List.of(sliding, gcra)) {
            Decision three = limiter.tryAcquire("alice", 3);
            Decision threeMore = limiter.tryAcquire("alice", 3);
            Decision two = limiter.tryAcquire("alice", 2);

            assertThat(three.allowed()).as("%s", limiter.limits()).isTrue();
            assertThat(three.remaining()).isEqualTo(2);
            assertThat(threeMore.allowed()).isFalse();
            assertThat(threeMore.remaining()).isEqualTo(2);
            assertThat(threeMore.retryAfter()).isPositive();
            assertThat(two.allowed()).isTrue();
            assertThat(two.remaining()).isZero();
        }
    }

    @Test
    void slidingWindowCountsSeveralPermitsExactlyAcrossTheEndOfItsRing() {
        RateLimiter limiter =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 5, Duration.ofSeconds(2))));
        assertThat(limiter.tryAcquire("alice", 3).allowed()).isTrue();

        // four permits fit once the first three leave the window; they wrap around the ring of five
        AtomicReference<Decision> four = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(8)).until(() -> {
            four.set(limiter.tryAcquire("alice", 4));
            return four.get().allowed();
        });
        assertThat(four.get().remaining()).isEqualTo(1);
        Decision two = limiter.tryAcquire("alice", 2);
        Decision one = limiter.tryAcquire("alice", 1);
        Decision full = limiter.tryAcquire("alice", 1);

        assertThat(two.allowed()).isFalse();
        assertThat(two.remaining()).isEqualTo(1);
        assertThat(two.retryAfter())
                .isEqualTo(Duration.between(
                        two.decidedAt(), four.get().decidedAt().plusSeconds(2).plus(1, ChronoUnit.MICROS)));
        assertThat(one.allowed()).isTrue();
        assertThat(one.remaining()).isZero();
        assertThat(full.allowed()).isFalse();
        assertThat(full.retryAfter())
                .isEqualTo(Duration.between(
                        full.decidedAt(), four.get().decidedAt().plusSeconds(2).plus(1, ChronoUnit.MICROS)));
    }

    @Test
    void permitsBeyondWhatALimitCouldEverAdmitAreRefusedUpFront() {
        RateLimiter limiter = RateLimiter.create(
                client,
                namespace,
                List.of(
                        RateLimit.slidingWindow("w", 5, Duration.ofSeconds(30)),
                        RateLimit.gcra("g", 10, Duration.ofSeconds(30)).withBurst(3)));

        assertThatThrownBy(() -> limiter.tryAcquire("alice", 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits")
                .hasMessageContaining("3");
        assertThatThrownBy(() -> limiter.tryAcquire("alice", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.tryAcquire("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(limiter.tryAcquire("alice", 3).allowed()).isTrue();
    }

    @Test
    void severalLimitsAreConsumedTogetherAndTheLongestWaitIsReported() {
        // "3 per 2 s and 6 per minute": a login limit of 5/min and 100/day, scaled down
        RateLimiter limiter = RateLimiter.create(
                client,
                namespace,
                List.of(
                        RateLimit.slidingWindow("short", 3, Duration.ofSeconds(2)),
                        RateLimit.slidingWindow("long", 6, Duration.ofMinutes(1))));
        List<Decision> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(limiter.tryAcquire("alice"));
        }
        assertThat(first).allMatch(Decision::allowed);
        assertThat(first).extracting(Decision::remaining).containsExactly(2L, 1L, 0L);

        Decision refusedByShort = limiter.tryAcquire("alice");
        assertThat(refusedByShort.allowed()).isFalse();
        assertThat(refusedByShort.limitedBy()).isEqualTo("short");
        assertThat(refusedByShort.retryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(2));

        // a refusal consumes nothing: "long" still has 3 permits once the first 3 leave "short"
        AtomicReference<Decision> three = new AtomicReference<>();
        await().pollDelay(refusedByShort.retryAfter())
                .atMost(Duration.ofSeconds(10))
                .until(() -> {
                    three.set(limiter.tryAcquire("alice", 3));
                    return three.get().allowed();
                });
        assertThat(three.get().remaining()).isZero();

        Decision refusedByBoth = limiter.tryAcquire("alice");
        assertThat(refusedByBoth.allowed()).isFalse();
        assertThat(refusedByBoth.limitedBy()).isEqualTo("long");
        Instant firstLeavesTheMinute = first.get(0).decidedAt().plusSeconds(60).plus(1, ChronoUnit.MICROS);
        assertThat(refusedByBoth.retryAfter())
                .isEqualTo(Duration.between(refusedByBoth.decidedAt(), firstLeavesTheMinute));
    }

    @Test
    void slidingWindowLoweredUnderItsNameCountsWhatTheOldLimitAdmitted() {
        RateLimiter ten =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 10, Duration.ofMinutes(1))));
        RateLimiter five =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 5, Duration.ofMinutes(1))));
        for (int i = 0; i < 7; i++) {
            assertThat(ten.tryAcquire("alice").allowed()).isTrue();
        }

        Decision lowered = five.tryAcquire("alice");

        assertThat(lowered.allowed()).as("7 in the window already exceed 5").isFalse();
        assertThat(lowered.remaining()).isZero();
        assertThat(five.tryAcquire("alice", 2).allowed()).isFalse();
        int admittedRaisedBack = 0;
        for (int i = 0; i < 10; i++) {
            if (ten.tryAcquire("alice").allowed()) {
                admittedRaisedBack++;
            }
        }
        assertThat(7 + admittedRaisedBack)
                .as("raised back: at most 10 in the window")
                .isLessThanOrEqualTo(10);
    }

    @Test
    void slidingWindowRaisedUnderItsNameAdmitsTheDifference() {
        RateLimiter five =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 5, Duration.ofMinutes(1))));
        RateLimiter ten =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 10, Duration.ofMinutes(1))));
        for (int i = 0; i < 5; i++) {
            assertThat(five.tryAcquire("alice").allowed()).isTrue();
        }
        assertThat(five.tryAcquire("alice").allowed()).isFalse();

        Decision first = ten.tryAcquire("alice");
        Decision more = ten.tryAcquire("alice", 4);

        assertThat(first.allowed()).isTrue();
        assertThat(first.remaining()).isEqualTo(4);
        assertThat(more.allowed()).isTrue();
        assertThat(more.remaining()).isZero();
        assertThat(ten.tryAcquire("alice").allowed()).as("10 in the window").isFalse();
    }

    @Test
    void slidingWindowLoweredThenRaisedInOneWindowNeverAdmitsMoreThanTheRaisedLimit() {
        Duration window = Duration.ofMinutes(1);
        RateLimiter three = RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 3, window)));
        RateLimiter two = RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 2, window)));
        RateLimiter four = RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 4, window)));
        for (int i = 0; i < 3; i++) {
            assertThat(three.tryAcquire("alice").allowed()).isTrue();
        }
        assertThat(two.tryAcquire("alice").allowed()).isFalse();

        int admittedUnderFour = 0;
        for (int i = 0; i < 4; i++) {
            if (four.tryAcquire("alice").allowed()) {
                admittedUnderFour++;
            }
        }

        assertThat(3 + admittedUnderFour).as("admitted in the window").isLessThanOrEqualTo(4);
    }

    @Test
    void slidingWindowRaisedAfterItsRingWrappedNeverAdmitsMoreThanTheNewLimit() {
        Duration window = Duration.ofMillis(400);
        RateLimiter three = RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 3, window)));
        Decision first = three.tryAcquire("alice");
        assertThat(first.allowed()).isTrue();
        // two more half a window later, so the key outlives the first permit's window
        Instant later = first.decidedAt().plus(window.dividedBy(2));
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> serverTime().isAfter(later));
        assertThat(three.tryAcquire("alice", 2).allowed()).isTrue();
        // the fourth overwrites the first in the ring of three once the first has left the window
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> three.tryAcquire("alice").allowed());
        RateLimiter fiveAMinute =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 5, Duration.ofMinutes(1))));

        int admittedUnderFive = 0;
        for (int i = 0; i < 5; i++) {
            if (fiveAMinute.tryAcquire("alice").allowed()) {
                admittedUnderFive++;
            }
        }

        // four admissions in the last minute, the first of them no longer in the ring of three
        assertThat(4 + admittedUnderFive).as("admitted in the minute").isLessThanOrEqualTo(5);
    }

    private Instant serverTime() {
        List<String> time = client.commands().time();
        return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000);
    }

    @Test
    void keysExpireOnTheirOwn() {
        RateLimiter limiter = RateLimiter.create(
                client,
                namespace,
                List.of(
                        RateLimit.slidingWindow("w", 5, Duration.ofMillis(800)),
                        RateLimit.gcra("g", 5, Duration.ofMillis(800)).withBurst(2)));
        String window = "rl:" + namespace + ":{alice}:w";
        String gcra = "rl:" + namespace + ":{alice}:g";

        assertThat(limiter.tryAcquire("alice").allowed()).isTrue();
        assertThat(limiter.tryAcquire("alice").allowed()).isTrue();

        assertThat(client.commands().pttl(window)).isBetween(1L, 800L);
        assertThat(client.commands().pttl(gcra)).isBetween(1L, 320L);
        await("the keys to vanish")
                .atMost(Duration.ofSeconds(5))
                .until(() -> client.commands().exists(window, gcra) == 0);
        assertThat(limiter.tryAcquire("alice").remaining()).as("fresh again").isEqualTo(1);
    }

    @Test
    void slidingWindowDecisionTimesNeverGoBackWhenTheServerClockStepsBack() {
        RateLimiter limiter =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 3, Duration.ofSeconds(2))));
        String key = "rl:" + namespace + ":{alice}:w";
        List<String> time = client.commands().time();
        long serverMicros = Long.parseLong(time.get(0)) * 1_000_000L + Long.parseLong(time.get(1));
        long recorded = serverMicros + 10_000_000L;
        // as if a permit had been granted 10 s ahead of the server's clock as it is now (a clock that stepped back)
        client.commands()
                .eval(
                        "redis.call('SET', KEYS[1], struct.pack('>dddddd', 1, tonumber(ARGV[1]), 0, 3, 2000000, 0)"
                                + " .. struct.pack('>d', tonumber(ARGV[1])))",
                        ScriptOutputType.STATUS,
                        new String[] {key},
                        Long.toString(recorded));

        Decision decision = limiter.tryAcquire("alice");

        assertThat(decision.allowed()).isTrue();
        assertThat(RateLimitHammer.micros(decision.decidedAt())).isEqualTo(recorded);
        assertThat(decision.remaining())
                .as("the permit at the recorded time is in the window")
                .isEqualTo(1);
        assertThat(client.commands().pttl(key))
                .as("the key outlives the window measured from the recorded time")
                .isGreaterThan(10_000L);
    }

    @Test
    void failClosedThrowsConnectionFailedWhenRedisIsUnreachable(LocalTopology topology) {
        try (FaultProxy proxy = FaultProxy.start(topology.master());
                StewardClient viaProxy = StewardClient.create(TopologyOptions.as(topology, "app")
                        .endpoints(proxy.endpoint())
                        .commandTimeout(Duration.ofMillis(300))
                        .build())) {
            RateLimiter limiter =
                    RateLimiter.create(viaProxy, namespace, List.of(RateLimit.gcra("g", 100, Duration.ofSeconds(1))));
            assertThat(limiter.tryAcquire("alice").allowed()).isTrue();

            proxy.blackhole();

            assertThatThrownBy(() -> limiter.tryAcquire("alice")).isInstanceOf(ConnectionFailedException.class);
            assertThat(limiter.stats().failures()).isEqualTo(1);
            proxy.heal();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> !limiter.tryAcquire("alice")
                    .failedOpen());
        }
    }

    @Test
    void failOpenAllowsWithoutRedisAndSaysSo(LocalTopology topology) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        try (FaultProxy proxy = FaultProxy.start(topology.master());
                StewardClient viaProxy = StewardClient.create(TopologyOptions.as(topology, "app")
                        .endpoints(proxy.endpoint())
                        .commandTimeout(Duration.ofMillis(300))
                        .build())) {
            RateLimiter limiter = RateLimiter.create(
                    viaProxy,
                    namespace,
                    List.of(RateLimit.gcra("g", 100, Duration.ofSeconds(1))),
                    RateLimiterOptions.builder()
                            .failOpen(true)
                            .clock(Clock.fixed(now, ZoneOffset.UTC))
                            .build());
            Decision fromRedis = limiter.tryAcquire("alice");
            assertThat(fromRedis.failedOpen()).isFalse();

            proxy.blackhole();
            Decision open = limiter.tryAcquire("alice");

            assertThat(open.allowed()).isTrue();
            assertThat(open.failedOpen()).isTrue();
            assertThat(open.remaining()).isEqualTo(-1);
            assertThat(open.decidedAt()).isEqualTo(now);
            assertThat(limiter.stats()).isEqualTo(new RateLimiterStats(1, 0, 1));

            proxy.heal();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !limiter.tryAcquire("alice").failedOpen());
        }
    }

    @Test
    void metricsCountDecisionsAndFailures() {
        RateLimiter limiter =
                RateLimiter.create(client, namespace, List.of(RateLimit.slidingWindow("w", 2, Duration.ofSeconds(30))));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new RateLimiterMetrics(limiter).bindTo(registry);

        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("alice");
        }

        assertThat(registry.get("steward.ratelimit.decisions")
                        .tags("name", namespace, "result", "allowed")
                        .functionCounter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("steward.ratelimit.decisions")
                        .tags("result", "denied")
                        .functionCounter()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("steward.ratelimit.failures").functionCounter().count())
                .isZero();
    }

    @Test
    void documentedLoginExampleRefusesTheSixthAttemptInAMinute() {
        // docs/coordination.md, "Rate limits"
        RateLimiter logins = RateLimiter.create(
                client,
                "login",
                List.of(
                        RateLimit.slidingWindow("per-minute", 5, Duration.ofMinutes(1)),
                        RateLimit.slidingWindow("per-day", 100, Duration.ofDays(1))));
        String username = "doc-example-" + System.nanoTime();
        Decision decision = null;
        for (int attempt = 1; attempt <= 6; attempt++) {
            decision = logins.tryAcquire(username);
        }
        if (!decision.allowed()) {
            long retryAfterSeconds = decision.retryAfter().toSeconds() + 1; // for an HTTP Retry-After header
            assertThat(retryAfterSeconds).isBetween(1L, 61L);
        }
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.limitedBy()).isEqualTo("per-minute");
    }
}

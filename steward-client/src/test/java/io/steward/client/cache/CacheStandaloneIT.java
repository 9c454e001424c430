package io.steward.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.test.MutableClock;
import io.steward.test.RedisTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Two cache instances (two connections, as two application instances would have) on one Redis. */
@RedisTopology
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheStandaloneIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private static StewardClient client;
    private static StewardClient admin;
    private static StewardCache first;
    private static StewardCache second;

    @BeforeAll
    static void start(LocalTopology topology) {
        client = StewardClient.create(TopologyOptions.as(topology, "app").build());
        admin = StewardClient.create(TopologyOptions.as(topology, "admin").build());
        first = StewardCache.create(
                client,
                CacheOptions.builder()
                        .redisTimeout(Duration.ofMillis(200))
                        .circuit(50, 10, 5, Duration.ofSeconds(1))
                        .lagProbeInterval(Duration.ofMillis(100))
                        .build());
        second = StewardCache.create(client);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        admin.close();
        client.close();
    }

    private static RegionOptions<String> text(String namespace) {
        return RegionOptions.builder(namespace, ValueCodec.utf8())
                .nearCache(1000, Duration.ofMinutes(10))
                .build();
    }

    @Test
    @Order(1)
    void nearCacheDropsEntryWrittenByOtherInstance() {
        Region<String> a = first.region(text("writes"));
        Region<String> b = second.region(text("writes"));
        a.put("k", "v1");
        assertThat(b.get("k", key -> "loaded")).isEqualTo("v1");
        long nearHits = second.stats().nearHits();
        assertThat(b.get("k", key -> "loaded")).isEqualTo("v1");
        assertThat(second.stats().nearHits()).isEqualTo(nearHits + 1);

        long start = System.nanoTime();
        a.put("k", "v2");
        await().atMost(BOUND).pollInterval(Duration.ofMillis(1)).until(() -> "v2".equals(b.get("k", key -> "loaded")));
        System.out.printf("invalidation seen by the other instance after %.2f ms%n", (System.nanoTime() - start) / 1e6);

        a.invalidate("k");
        await().atMost(BOUND).until(() -> b.getIfPresent("k").isEmpty());
        assertThat(second.stats().invalidations()).isPositive();
    }

    @Test
    @Order(1)
    void otherInstancesMeasureTheInvalidationLagFromProbes() {
        // first writes a probe every 100 ms; second receives each through tracking and reads its time back
        await().atMost(BOUND).until(() -> second.stats().lagSamples() >= 3);
        CacheStats stats = second.stats();
        double meanMillis = (double) stats.lagMillis() / stats.lagSamples();
        System.out.printf("invalidation lag by probes: %d samples, mean %.2f ms%n", stats.lagSamples(), meanMillis);
        assertThat(meanMillis).isBetween(0.0, (double) BOUND.toMillis());
        assertThat(admin.commands().keys("steward!probe:*")).isNotEmpty();

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CacheMetrics(second, "second").bindTo(registry);
        FunctionTimer lag = registry.get("steward.cache.invalidation.lag")
                .tag("cache", "second")
                .functionTimer();
        assertThat(lag.count()).isGreaterThanOrEqualTo(3);
        double published = lag.totalTime(TimeUnit.MILLISECONDS); // probes keep arriving: read before the stats
        assertThat(published).isBetween(0.0, (double) second.stats().lagMillis());
    }

    @Test
    @Order(2)
    void tagInvalidationMakesEveryTaggedEntryAMissInEveryInstance() {
        Region<String> a = first.region(text("tags"));
        Region<String> b = second.region(text("tags"));
        a.put("p1", "one", "catalog");
        a.put("p2", "two", "catalog", "summer");
        a.put("p3", "three", "summer");
        assertThat(b.get("p1", k -> "loaded")).isEqualTo("one");
        assertThat(b.get("p2", k -> "loaded")).isEqualTo("two");

        a.invalidateTag("catalog");

        assertThat(a.getIfPresent("p1")).isEmpty();
        await().atMost(BOUND)
                .until(() ->
                        b.getIfPresent("p1").isEmpty() && b.getIfPresent("p2").isEmpty());
        assertThat(b.get("p3", k -> "loaded")).isEqualTo("three");
        assertThat(b.get("p1", List.of("catalog"), k -> "reloaded")).isEqualTo("reloaded");
        assertThat(a.get("p1", k -> "not used")).isEqualTo("reloaded");
        assertThat(admin.commands().keys("tags:*")).hasSize(3); // nothing scanned or deleted
    }

    @Test
    @Order(3)
    void loaderRunsOnceForConcurrentMissesAcrossInstances() throws Exception {
        Region<String> a = first.region(text("stampede"));
        Region<String> b = second.region(text("stampede"));
        AtomicInteger loads = new AtomicInteger();
        Loader<String> slow = key -> {
            loads.incrementAndGet();
            Thread.sleep(200);
            return "loaded " + key;
        };
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Region<String> region = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> {
                    go.await();
                    return region.get("hot", slow);
                }));
            }
            go.countDown();
            for (Future<String> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo("loaded hot");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    @Order(4)
    void corruptValuesAreMissesAndCountedNeverThrown() {
        Region<String> a = first.region(text("corrupt"));
        admin.commands().set("corrupt:garbage", "not an envelope");
        admin.commands().hset("corrupt:hash", "f", "v");
        long before = first.stats().corruptValues();

        assertThat(a.get("garbage", k -> "loaded")).isEqualTo("loaded");
        assertThat(a.getIfPresent("hash")).isEmpty();
        // the garbage is read twice (before and after taking the load lease), the hash once
        assertThat(first.stats().corruptValues()).isEqualTo(before + 3);
        assertThat(a.getIfPresent("garbage")).contains("loaded");
    }

    @Test
    @Order(5)
    void previousHeaderVersionAndBothCompressionFormsRead() {
        Region<String> compressing = first.region(RegionOptions.builder("formats", ValueCodec.utf8())
                .compressionThreshold(0)
                .build());
        Region<String> plain = second.region(RegionOptions.builder("formats", ValueCodec.utf8())
                .compressionThreshold(Integer.MAX_VALUE)
                .build());
        String large = "lorem ipsum ".repeat(500);

        compressing.put("c", large);
        plain.put("p", large);

        assertThat(plain.getIfPresent("c")).contains(large);
        assertThat(compressing.getIfPresent("p")).contains(large);
        assertThat(admin.commands().strlen("formats:c"))
                .isLessThan(admin.commands().strlen("formats:p"));

        byte[] v1 = ("SS\0" + "written by version 1").getBytes(StandardCharsets.US_ASCII);
        v1[1] = 1;
        try (StatefulRedisConnection<String, byte[]> raw = admin.connectNode(
                admin.options().endpoints().get(0), RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
            raw.sync().set("formats:old", v1);
        }
        assertThat(plain.getIfPresent("old")).contains("written by version 1");
    }

    @Test
    @Order(6)
    void tenantsSeeAndInvalidateOnlyTheirOwnEntries() {
        Region<String> region = first.region(RegionOptions.builder("accounts", ValueCodec.utf8())
                .perTenant(true)
                .build());
        Region<String> acme = region.tenant("acme");
        Region<String> globex = region.tenant("globex");
        acme.put("settings", "acme's", "config");
        globex.put("settings", "globex's", "config");

        assertThat(globex.getIfPresent("settings")).contains("globex's");
        globex.invalidate("settings");
        globex.invalidateTag("config");

        assertThat(acme.getIfPresent("settings")).contains("acme's");
        assertThat(globex.getIfPresent("settings")).isEmpty();
        assertThat(admin.commands().exists("accounts:{acme}:settings")).isEqualTo(1);
        assertThatThrownBy(() -> region.get("settings", k -> "x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> region.tenant("acme:globex")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acme.tenant("globex")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Order(7)
    void warmingRunsStrategiesByPriorityWithPipelinedBatches() {
        Region<String> region = first.region(text("warm"));
        List<String> order = new ArrayList<>();
        WarmingStrategy<String> low = WarmingStrategy.of("low", region, () -> {
                    order.add("low");
                    return IntStream.range(0, 250).mapToObj(i -> Map.entry("low" + i, "v" + i));
                })
                .withBatches(100, Duration.ofMillis(1));
        WarmingStrategy<String> high = WarmingStrategy.of("high", region, () -> {
                    order.add("high");
                    return IntStream.range(0, 50).mapToObj(i -> Map.entry("high" + i, "v" + i));
                })
                .withPriority(10)
                .withTags("hot");

        WarmingReport report = first.warm(List.of(low, high));

        assertThat(order).containsExactly("high", "low");
        assertThat(report.keysWarmed()).isEqualTo(300);
        assertThat(report.failures()).isZero();
        assertThat(report.results()).extracting(WarmingReport.Result::name).containsExactly("high", "low");
        assertThat(region.getIfPresent("low249")).contains("v249");
        region.invalidateTag("hot");
        assertThat(region.getIfPresent("high0")).isEmpty();
    }

    @Test
    @Order(8)
    void refreshAheadReloadsInTheBackgroundWhileAnsweringWithTheCurrentValue() {
        Region<String> region = first.region(RegionOptions.builder("refresh", ValueCodec.utf8())
                .ttl(Duration.ofSeconds(2))
                .refreshAhead(0.25)
                .build());
        AtomicInteger version = new AtomicInteger();
        Loader<String> loader = key -> "v" + version.incrementAndGet();

        assertThat(region.get("k", loader)).isEqualTo("v1");
        await().atMost(BOUND).pollDelay(Duration.ofMillis(600)).until(() -> region.get("k", loader) != null);
        await().atMost(BOUND).until(() -> "v2".equals(region.get("k", loader)));
        assertThat(first.stats().refreshes()).isPositive();
    }

    @Test
    @Order(9)
    void nearEntriesExpireWithTheNearCacheTtlAndWithTheirEntry() {
        MutableClock clock = new MutableClock(Instant.now());
        try (StewardCache cache =
                StewardCache.create(client, CacheOptions.builder().clock(clock).build())) {
            Region<String> region = cache.region(RegionOptions.builder("expiry", ValueCodec.utf8())
                    .ttl(Duration.ofMinutes(10))
                    .nearCache(100, Duration.ofMinutes(1))
                    .build());
            region.put("short", "v1");
            assertThat(region.get("short", k -> "loaded")).isEqualTo("v1");
            assertThat(cache.stats().nearHits()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(61)); // past the near-cache TTL, within the entry's
            assertThat(region.get("short", k -> "loaded")).isEqualTo("v1");
            assertThat(cache.stats().nearHits()).isEqualTo(1);
            assertThat(cache.stats().redisHits()).isEqualTo(1);
            assertThat(region.get("short", k -> "loaded")).isEqualTo("v1");
            assertThat(cache.stats().nearHits()).isEqualTo(2); // kept again for another minute

            // past the entry's TTL (by this clock; Redis keeps time by its own and still has it)
            clock.advance(Duration.ofMinutes(10));
            assertThat(region.get("short", k -> "loaded")).isEqualTo("v1");
            assertThat(cache.stats().nearHits()).isEqualTo(2);
            assertThat(cache.stats().redisHits()).isEqualTo(2);
        }
    }

    @Test
    @Order(10)
    void nearCacheIsDroppedWhenTheConnectionIsKilled() {
        Region<String> region = second.region(text("reconnect"));
        region.put("k", "before");
        assertThat(region.get("k", k -> "loaded")).isEqualTo("before");
        long flushes = second.stats().nearFlushes();

        admin.commands().clientKill(io.lettuce.core.KillArgs.Builder.user("app").skipme(true));
        admin.commands().set("reconnect:k", "junk written while the cache was disconnected");
        admin.commands().del("reconnect:k");

        await().atMost(BOUND).until(() -> second.stats().nearFlushes() > flushes);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> "after"
                .equals(region.get("k", k -> "after")));
    }

    @Test
    @Order(11)
    void readsAnswerWithoutRedisWhileTheCircuitIsOpenAndRedisIsUsedAgainAfter(LocalTopology topology) {
        Region<String> region = first.region(text("circuit"));
        region.put("near", "kept near");
        assertThat(region.get("near", k -> "loaded")).isEqualTo("kept near");
        topology.node(topology.master()).pause();
        try {
            await("the circuit opening").atMost(Duration.ofSeconds(30)).until(() -> {
                region.get("miss-" + System.nanoTime(), k -> "from loader");
                return first.health() == CacheHealth.DEGRADED;
            });
            long calls = first.stats().redisCalls();
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertThat(region.get("near", k -> "loaded")).isEqualTo("kept near");
                assertThat(region.get("other" + i, k -> "from loader")).isEqualTo("from loader");
                region.put("written" + i, "skipped");
                // a tag whose generation this instance never read: the write is skipped, not an error
                region.put("tagged" + i, "skipped", "unseen-tag-" + i);
            }
            System.out.printf("circuit open: 400 calls in %.2f ms%n", (System.nanoTime() - start) / 1e6);
            assertThat(first.stats().redisCalls()).isEqualTo(calls);
            assertThat(first.stats().skippedWrites()).isGreaterThanOrEqualTo(200);
        } finally {
            topology.node(topology.master()).resume();
        }
        await("the circuit closing")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    region.getIfPresent("probe");
                    return first.health() == CacheHealth.UP;
                });
        long redisHits = first.stats().redisHits();
        second.region(text("circuit")).put("fresh", "from the other instance");
        assertThat(region.get("fresh", k -> "loaded")).isEqualTo("from the other instance");
        assertThat(first.stats().redisHits()).isGreaterThan(redisHits);
        await().atMost(BOUND).until(() -> admin.commands().exists("circuit:written5") == 0);
    }
}

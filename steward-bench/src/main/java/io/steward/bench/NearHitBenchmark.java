package io.steward.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.client.cache.Loader;
import io.steward.client.cache.Region;
import io.steward.client.cache.RegionOptions;
import io.steward.client.cache.StewardCache;
import io.steward.client.cache.ValueCodec;
import io.steward.provision.RedisBinaries;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: the near-cache hit path of a {@link Region} against a plain Caffeine cache's {@code getIfPresent} holding the
 * same entries. Every key is in both caches before measuring, and tear-down fails the run if the region went to Redis
 * or missed its near cache while measured, so the scores are of the hit path alone. Run by {@code steward bench
 * cache-l1} ({@link NearHitRun}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NearHitBenchmark {

    /**
     * Keys in each cache, a power of two so that a cursor wraps with a mask. Caffeine skips its read buffer until a
     * cache is half full, so 1024 keys measure that fast path and 8192 the steady state of a full near cache.
     */
    @Param({"1024", "8192"})
    public int keyCount;

    static final int NEAR_CACHE_SIZE = 10_000;
    private static final Loader<byte[]> NEVER = key -> {
        throw new IllegalStateException("the loader ran for '" + key + "': the benchmark left the near cache");
    };

    private ScratchRedis redis;
    private StewardClient client;
    private StewardCache cache;
    private Region<byte[]> region;
    private Cache<String, byte[]> caffeine;
    private String[] keys;
    private long redisCallsBefore;
    private long nearMissesBefore;

    /** Each thread's walk over the keys. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        String key(String[] keys) {
            return keys[next++ & (keys.length - 1)];
        }
    }

    @Setup(Level.Trial)
    public void start() {
        redis = ScratchRedis.start(RedisBinaries.locate());
        try {
            client = StewardClient.create(ClientOptions.builder()
                    .mode(Mode.STANDALONE)
                    .endpoints(redis.address())
                    .build());
            cache = StewardCache.create(client);
            region = cache.region(RegionOptions.builder("l1", ValueCodec.bytes())
                    .ttl(Duration.ofHours(1))
                    .nearCache(NEAR_CACHE_SIZE, Duration.ofMinutes(30))
                    .build());
            caffeine = Caffeine.newBuilder().maximumSize(NEAR_CACHE_SIZE).build();
            keys = new String[keyCount];
            for (int i = 0; i < keyCount; i++) {
                keys[i] = "key-" + i;
                byte[] value = new byte[1024];
                value[0] = (byte) i;
                region.put(keys[i], value);
                caffeine.put(keys[i], value);
                region.get(keys[i], NEVER);
            }
        } catch (RuntimeException e) {
            if (cache != null) {
                cache.close();
            }
            if (client != null) {
                client.close();
            }
            redis.close(); // JMH skips tear-down when set-up fails
            throw e;
        }
        redisCallsBefore = cache.stats().redisCalls();
        nearMissesBefore = cache.stats().nearMisses();
    }

    @TearDown(Level.Trial)
    public void stop() {
        long redisCalls = cache.stats().redisCalls() - redisCallsBefore;
        long nearMisses = cache.stats().nearMisses() - nearMissesBefore;
        cache.close();
        client.close();
        redis.close();
        if (redisCalls != 0 || nearMisses != 0) {
            throw new IllegalStateException("the region made " + redisCalls + " Redis calls and missed its near cache "
                    + nearMisses + " times while measured: the scores are not of the hit path");
        }
    }

    @Benchmark
    public byte[] caffeineGetIfPresent(Cursor cursor) {
        return caffeine.getIfPresent(cursor.key(keys));
    }

    @Benchmark
    public byte[] regionGet(Cursor cursor) {
        return region.get(cursor.key(keys), NEVER);
    }

    @Benchmark
    public Optional<byte[]> regionGetIfPresent(Cursor cursor) {
        return region.getIfPresent(cursor.key(keys));
    }
}

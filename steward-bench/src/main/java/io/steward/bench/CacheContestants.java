package io.steward.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.client.cache.CacheStats;
import io.steward.client.cache.Region;
import io.steward.client.cache.RegionOptions;
import io.steward.client.cache.StewardCache;
import io.steward.client.cache.ValueCodec;
import io.steward.client.cache.WarmingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;
import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/** The five contestants of {@code steward bench cache}, each on the same local redis-server. */
final class CacheContestants {

    static final int NEAR_CACHE_SIZE = 10_000;
    private static final RedisCodec<String, byte[]> BYTES =
            RedisCodec.of(io.lettuce.core.codec.StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private CacheContestants() {}

    static CacheContestant steward(HostAndPort redis, boolean nearCache) {
        StewardClient client = StewardClient.create(
                ClientOptions.builder().mode(Mode.STANDALONE).endpoints(redis).build());
        StewardCache cache = StewardCache.create(client);
        RegionOptions.Builder<byte[]> options = RegionOptions.builder(nearCache ? "near" : "l2", ValueCodec.bytes())
                .ttl(Duration.ofHours(1));
        options = nearCache ? options.nearCache(NEAR_CACHE_SIZE, Duration.ofMinutes(30)) : options.noNearCache();
        Region<byte[]> region = cache.region(options.build());
        return new CacheContestant() {
            @Override
            public String name() {
                return nearCache ? "Steward (near cache on)" : "Steward (near cache off)";
            }

            @Override
            public void preload(CacheWorkload w) {
                cache.warm(List.of(WarmingStrategy.of("preload", region, () -> IntStream.range(0, w.keys())
                                .mapToObj(i -> Map.entry(Integer.toString(i), w.value(i))))
                        .withBatches(1000, Duration.ZERO)));
            }

            @Override
            public byte[] read(String key) {
                return region.get(key, k -> null);
            }

            @Override
            public void write(String key, byte[] value) {
                region.put(key, value);
            }

            @Override
            public double nearHitShare() {
                CacheStats s = cache.stats();
                long reads = s.nearHits() + s.nearMisses();
                return reads == 0 ? -1 : (double) s.nearHits() / reads;
            }

            @Override
            public void close() {
                cache.close();
                client.close();
            }
        };
    }

    static CacheContestant redisson(HostAndPort redis) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port());
        RedissonClient client = Redisson.create(config);
        RLocalCachedMap<String, byte[]> map =
                client.getLocalCachedMap(LocalCachedMapOptions.<String, byte[]>name("redisson-near")
                        .codec(new CompositeCodec(
                                org.redisson.client.codec.StringCodec.INSTANCE,
                                org.redisson.client.codec.ByteArrayCodec.INSTANCE))
                        .cacheSize(NEAR_CACHE_SIZE)
                        .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU)
                        .syncStrategy(LocalCachedMapOptions.SyncStrategy.INVALIDATE)
                        .reconnectionStrategy(LocalCachedMapOptions.ReconnectionStrategy.CLEAR));
        return new CacheContestant() {
            @Override
            public String name() {
                return "Redisson RLocalCachedMap";
            }

            @Override
            public void preload(CacheWorkload w) {
                Map<String, byte[]> batch = new java.util.HashMap<>();
                for (int i = 0; i < w.keys(); i++) {
                    batch.put(Integer.toString(i), w.value(i));
                    if (batch.size() == 1000) {
                        map.putAll(batch);
                        batch.clear();
                    }
                }
                map.putAll(batch);
                map.clearLocalCache();
            }

            @Override
            public byte[] read(String key) {
                return map.get(key);
            }

            @Override
            public void write(String key, byte[] value) {
                map.fastPut(key, value);
            }

            @Override
            public void close() {
                map.destroy();
                client.shutdown();
            }
        };
    }

    static CacheContestant spring(HostAndPort redis) {
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
        factory.afterPropertiesSet();
        factory.start();
        RedisCacheManager manager = RedisCacheManager.builder(factory)
                .cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
                        .entryTtl(Duration.ofHours(1))
                        .serializeValuesWith(RedisSerializationContext.SerializationPair.fromSerializer(
                                RedisSerializer.byteArray())))
                .build();
        manager.afterPropertiesSet();
        Cache cache = manager.getCache("spring");
        return new CacheContestant() {
            @Override
            public String name() {
                return "Spring Data Redis RedisCache (Lettuce)";
            }

            @Override
            public void preload(CacheWorkload w) {
                for (int i = 0; i < w.keys(); i++) {
                    cache.put(Integer.toString(i), w.value(i));
                }
            }

            @Override
            public byte[] read(String key) {
                Cache.ValueWrapper v = cache.get(key);
                return v == null ? null : (byte[]) v.get();
            }

            @Override
            public void write(String key, byte[] value) {
                cache.put(key, value);
            }

            @Override
            public void close() {
                factory.destroy();
            }
        };
    }

    static CacheContestant lettuce(HostAndPort redis) {
        RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        StatefulRedisConnection<String, byte[]> connection = client.connect(BYTES);
        RedisCommands<String, byte[]> sync = connection.sync();
        return new CacheContestant() {
            @Override
            public String name() {
                return "raw Lettuce GET/SET";
            }

            @Override
            public void preload(CacheWorkload w) {
                RedisAsyncCommands<String, byte[]> async = connection.async();
                List<io.lettuce.core.RedisFuture<String>> sent = new ArrayList<>();
                for (int i = 0; i < w.keys(); i++) {
                    sent.add(async.set("raw:" + i, w.value(i)));
                    if (sent.size() == 1000) {
                        io.lettuce.core.LettuceFutures.awaitAll(
                                30, TimeUnit.SECONDS, sent.toArray(new io.lettuce.core.RedisFuture[0]));
                        sent.clear();
                    }
                }
                io.lettuce.core.LettuceFutures.awaitAll(
                        30, TimeUnit.SECONDS, sent.toArray(new io.lettuce.core.RedisFuture[0]));
            }

            @Override
            public byte[] read(String key) {
                return sync.get("raw:" + key);
            }

            @Override
            public void write(String key, byte[] value) {
                sync.set("raw:" + key, value);
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
            }
        };
    }
}

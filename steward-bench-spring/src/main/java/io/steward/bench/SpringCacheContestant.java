package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.client.cache.CacheStats;
import io.steward.client.cache.StewardCache;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The five cache managers of {@code steward bench spring-cache}; each instance is an application context of its own. */
enum SpringCacheContestant {
    STEWARD(
            "Steward starter StewardCacheManager",
            "steward-spring-boot-starter: near cache of 10 000 entries (30 min), 1 h TTL, Java serialization",
            SpringCacheApps.Steward.class),
    STEWARD_NO_NEAR(
            "Steward starter, near cache off",
            "as above with steward.cache.caches.bench.near-cache-size=0: every read goes to Redis",
            SpringCacheApps.Steward.class),
    BOOT_DEFAULT(
            "Boot RedisCacheManager, default writer",
            "spring-boot-starter-data-redis: Lettuce, JDK serializer, 1 h TTL, RedisCacheWriter as auto-configured"
                    + " (Spring Data Redis 4.0 stores asynchronously with Lettuce)",
            SpringCacheApps.BootRedis.class),
    BOOT_IMMEDIATE(
            "Boot RedisCacheManager, immediate writes",
            "as the default, with RedisCacheWriter.create(factory, w -> w.immediateWrites()) (non-locking)",
            SpringCacheApps.BootRedisImmediate.class),
    REDISSON(
            "Redisson 4.3.1 RedissonSpringCacheManager",
            "redisson-spring-boot-starter + redisson-spring-cache 4.3.1, single server, default codec, 1 h TTL"
                    + " (an RMapCache)",
            SpringCacheApps.Redisson.class),
    CAFFEINE(
            "Spring CaffeineCacheManager (not shared)",
            "spring.cache.type=caffeine, maximumSize=10000; each instance has its own: the reference, not a peer",
            SpringCacheApps.Caffeine.class);

    private final String label;
    private final String description;
    private final Class<?> application;

    SpringCacheContestant(String label, String description, Class<?> application) {
        this.label = label;
        this.description = description;
        this.application = application;
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }

    boolean shared() {
        return this != CAFFEINE;
    }

    /** Starts one instance of this contestant's application against {@code redis}, over {@code database}. */
    Instance start(HostAndPort redis, BenchDatabase database, String instance) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .bannerMode(org.springframework.boot.Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .properties(properties(redis, instance))
                .initializers(c -> c.getBeanFactory().registerSingleton("benchDatabase", database))
                .run();
        return new Instance(this, context, context.getBean(BenchCacheService.class));
    }

    private Map<String, Object> properties(HostAndPort redis, String instance) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.main.allow-bean-definition-overriding", "false");
        p.put("logging.level.root", "warn");
        p.put("spring.application.name", "bench-" + name().toLowerCase(java.util.Locale.ROOT) + "-" + instance);
        switch (this) {
            case STEWARD, STEWARD_NO_NEAR -> {
                p.put("steward.endpoints", redis.host() + ":" + redis.port());
                p.put("steward.profile", "production");
                // (a) and its near-cache-off variant share the namespace, and so the preloaded entries (the same
                // values): the variant's writes only drop (a)'s near copies of the keys it writes, against (a)
                p.put("steward.cache.caches." + BenchCacheService.CACHE + ".ttl", SpringCacheApps.TTL.toString());
                p.put(
                        "steward.cache.caches." + BenchCacheService.CACHE + ".near-cache-size",
                        this == STEWARD ? "10000" : "0");
                p.put("steward.cache.caches." + BenchCacheService.CACHE + ".near-cache-ttl", "30m");
            }
            case BOOT_DEFAULT, BOOT_IMMEDIATE -> {
                p.put("spring.data.redis.host", redis.host());
                p.put("spring.data.redis.port", Integer.toString(redis.port()));
                p.put("spring.cache.type", "redis");
                p.put("spring.cache.cache-names", BenchCacheService.CACHE);
                p.put("spring.cache.redis.time-to-live", SpringCacheApps.TTL.toString());
                // (b) and (c) share the server: their keys apart, as two applications' would be
                p.put("spring.cache.redis.key-prefix", this == BOOT_DEFAULT ? "default:" : "immediate:");
            }
            case REDISSON -> {
                p.put("spring.data.redis.host", redis.host());
                p.put("spring.data.redis.port", Integer.toString(redis.port()));
            }
            case CAFFEINE -> {
                p.put("spring.cache.type", "caffeine");
                p.put("spring.cache.cache-names", BenchCacheService.CACHE);
                p.put("spring.cache.caffeine.spec", "maximumSize=10000");
            }
        }
        return p;
    }

    /** One running instance: its context and the proxied service. */
    record Instance(SpringCacheContestant contestant, ConfigurableApplicationContext context, BenchCacheService service)
            implements AutoCloseable {

        /** The share of reads the Steward near cache answered, or -1 for the other contestants. */
        double nearHitShare() {
            StewardCache cache = context.getBeanProvider(StewardCache.class).getIfAvailable();
            if (cache == null) {
                return -1;
            }
            CacheStats s = cache.stats();
            long reads = s.nearHits() + s.nearMisses();
            return reads == 0 ? -1 : (double) s.nearHits() / reads;
        }

        /**
         * The Steward cache's counters that tell why a read missed (Redis misses, failed or refused calls, skipped
         * writes, near-cache flushes) and its circuit state, or null for the other contestants.
         */
        Map<String, Object> stewardCounters() {
            StewardCache cache = context.getBeanProvider(StewardCache.class).getIfAvailable();
            if (cache == null) {
                return null;
            }
            CacheStats s = cache.stats();
            Map<String, Object> counters = new LinkedHashMap<>();
            counters.put("redisHits", s.redisHits());
            counters.put("redisMisses", s.redisMisses());
            counters.put("redisFailures", s.redisFailures());
            counters.put("notPermitted", s.notPermitted());
            counters.put("skippedWrites", s.skippedWrites());
            counters.put("invalidations", s.invalidations());
            counters.put("nearFlushes", s.nearFlushes());
            counters.put("circuitState", s.circuitState());
            return counters;
        }

        @Override
        public void close() {
            context.close();
        }
    }
}

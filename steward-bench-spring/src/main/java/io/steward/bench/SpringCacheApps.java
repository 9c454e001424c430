package io.steward.bench;

import io.steward.spring.boot.StewardAutoConfiguration;
import io.steward.spring.boot.cache.StewardCacheAutoConfiguration;
import java.time.Duration;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.redisson.spring.cache.CacheConfig;
import org.redisson.spring.cache.RedissonSpringCacheManager;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * One application per contestant: {@code @EnableCaching}, the {@link BenchCacheService}, and only that contestant's
 * auto-configuration (never {@code @EnableAutoConfiguration}: with every starter on the class path, Redisson's would
 * replace Boot's Redis connection factory and Steward's cache manager would keep Boot's from being created).
 */
final class SpringCacheApps {

    /** The entries' time to live in every Redis-backed contestant. */
    static final Duration TTL = Duration.ofHours(1);

    private SpringCacheApps() {}

    /** (a) the Steward starter: {@code StewardCacheManager}, near cache of 10 000 entries. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    @ImportAutoConfiguration({StewardAutoConfiguration.class, StewardCacheAutoConfiguration.class})
    @Import(BenchCacheService.class)
    static class Steward {}

    /** (b) Spring Boot's {@code RedisCacheManager} as auto-configured: Lettuce, JDK serialization, default writer. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    @ImportAutoConfiguration({DataRedisAutoConfiguration.class, CacheAutoConfiguration.class})
    @Import(BenchCacheService.class)
    static class BootRedis {}

    /** (c) as (b), with a cache writer that writes before {@code put} returns. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    @ImportAutoConfiguration({DataRedisAutoConfiguration.class, CacheAutoConfiguration.class})
    @Import(BenchCacheService.class)
    static class BootRedisImmediate {
        @Bean
        RedisCacheManagerBuilderCustomizer immediateWrites(RedisConnectionFactory connectionFactory) {
            return builder ->
                    builder.cacheWriter(RedisCacheWriter.create(connectionFactory, writer -> writer.immediateWrites()));
        }
    }

    /** (d) Redisson's starter with {@code RedissonSpringCacheManager} (a TTL makes each cache an {@code RMapCache}). */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    @ImportAutoConfiguration(RedissonAutoConfigurationV4.class)
    @Import(BenchCacheService.class)
    static class Redisson {
        @Bean
        CacheManager cacheManager(RedissonClient redisson) {
            return new RedissonSpringCacheManager(
                    redisson, Map.of(BenchCacheService.CACHE, new CacheConfig(TTL.toMillis(), 0)));
        }
    }

    /** (e) Spring's {@code CaffeineCacheManager} through Boot's cache auto-configuration; not shared between instances. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    @ImportAutoConfiguration(CacheAutoConfiguration.class)
    @Import(BenchCacheService.class)
    static class Caffeine {}
}

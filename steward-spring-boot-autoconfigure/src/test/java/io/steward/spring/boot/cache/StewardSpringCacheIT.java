package io.steward.spring.boot.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.client.cache.StewardCache;
import io.steward.client.cache.WarmingReport;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.spring.boot.StewardAutoConfiguration;
import io.steward.test.RedisTopology;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring's {@link Cache} contract of {@link StewardSpringCache} against a real standalone Redis. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class StewardSpringCacheIT {

    private static ApplicationContextRunner runnerFor(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(StewardAutoConfiguration.class, StewardCacheAutoConfiguration.class))
                .withUserConfiguration(CachingApplication.class)
                .withPropertyValues(
                        "steward.endpoints=" + topology.master(),
                        "steward.user=app",
                        "steward.password-file=" + topology.passwordFile("app"),
                        "steward.profile=development");
    }

    private static Cache cache(org.springframework.context.ApplicationContext context, String name) {
        return context.getBean(CacheManager.class).getCache(name);
    }

    @Test
    void shouldWrapLoaderExceptionInValueRetrievalExceptionWithItsCause(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            Cache cache = cache(context, "contract");
            IllegalStateException failure = new IllegalStateException("database down");
            assertThatThrownBy(() -> cache.get("failing", () -> {
                        throw failure;
                    }))
                    .isInstanceOf(Cache.ValueRetrievalException.class)
                    .hasCause(failure);
        });
    }

    @Test
    void shouldReturnNullFromLoaderWithoutCachingIt(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            Cache cache = cache(context, "contract");
            Object loaded = cache.get("nothing", () -> null);
            assertThat(loaded).isNull();
            assertThat(cache.get("nothing")).isNull();
            assertThat(cache.get("nothing", () -> "now")).isEqualTo("now");
        });
    }

    @Test
    void shouldEvictWhenPuttingNull(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            Cache cache = cache(context, "contract");
            cache.put("k-null", "v");
            assertThat(cache.get("k-null").get()).isEqualTo("v");
            cache.put("k-null", null);
            assertThat(cache.get("k-null")).isNull();
        });
    }

    @Test
    void shouldRefuseValueOfAnotherTypeThanRequired(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            Cache cache = cache(context, "contract");
            cache.put("k-type", "a string");
            assertThat(cache.get("k-type", String.class)).isEqualTo("a string");
            assertThatThrownBy(() -> cache.get("k-type", Integer.class))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("java.lang.Integer");
        });
    }

    @Test
    void shouldPutIfAbsentOnlyOnceAndReturnTheValueAlreadyCached(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            Cache cache = cache(context, "contract");
            assertThat(cache.putIfAbsent("k-once", "first")).isNull();
            assertThat(cache.putIfAbsent("k-once", "second").get()).isEqualTo("first");
            assertThat(cache.get("k-once").get()).isEqualTo("first");
        });
    }

    @Test
    void shouldStorePutIfAbsentValueUnderItsOwnTags(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            StewardSpringCache cache = (StewardSpringCache) cache(context, "contract");
            assertThat(cache.putIfAbsent("k-tagged", new Item("k-tagged", "blue", 1)))
                    .isNull();
            cache.evictTag("colour:blue");
            assertThat(cache.get("k-tagged")).isNull();
        });
    }

    @Test
    void shouldRefuseKeyWhoseClassHasNoToString(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            Cache cache = cache(context, "contract");
            assertThatThrownBy(() -> cache.put(new Object(), "v"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("java.lang.Object")
                    .hasMessageContaining("toString()");
        });
    }

    @Test
    void shouldServeCacheableCompletableFutureFromCache(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            assertThat(catalogue.itemAsync("async-1").get(30, TimeUnit.SECONDS).version())
                    .isEqualTo(1);
            assertThat(catalogue.itemAsync("async-1").get(30, TimeUnit.SECONDS).version())
                    .isEqualTo(1);
            assertThat(catalogue.itemAsync("async-2").get(30, TimeUnit.SECONDS).version())
                    .isEqualTo(2);
            assertThat(cache(context, "items").get("async-1")).isNotNull();
        });
    }

    @Test
    void shouldKeepOwnTagsOfWarmedValues(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            StewardSpringCache cache = (StewardSpringCache) cache(context, "warmed");
            StewardCacheWarmer warmer = StewardCacheWarmer.of(
                    "warmed",
                    () -> Stream.of(
                            Map.entry("w-blue", new Item("w-blue", "blue", 1)),
                            Map.entry("w-red", new Item("w-red", "red", 1)),
                            Map.entry("w-plain", "plain")));
            WarmingReport report = context.getBean(StewardCache.class)
                    .warm(List.of(CacheWarming.strategy("warmed", cache, warmer).orElseThrow()));
            assertThat(report.failures()).isZero();
            assertThat(cache.get("w-blue")).isNotNull();
            assertThat(cache.get("w-plain").get()).isEqualTo("plain");

            cache.evictTag("colour:blue");
            assertThat(cache.get("w-blue")).as("evicted by its own tag").isNull();
            assertThat(cache.get("w-red")).as("other tag stays").isNotNull();

            cache.clear();
            assertThat(cache.get("w-red")).isNull();
            assertThat(cache.get("w-plain")).isNull();
        });
    }

    @Test
    void shouldNotConfigureStewardCacheManagerWhenSpringCacheTypeIsNone(LocalTopology topology) {
        runnerFor(topology)
                .withConfiguration(AutoConfigurations.of(NoCacheAutoConfiguration.class))
                .withPropertyValues("spring.cache.type=none")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(StewardCacheManager.class);
                    assertThat(context).hasSingleBean(NoOpCacheManager.class);
                });
    }

    /** An item tagged with its colour. */
    public record Item(String id, String colour, int version) implements CacheTagged, Serializable {

        @Override
        public Collection<String> cacheTags() {
            return List.of("colour:" + colour);
        }
    }

    /** Stands for Boot's cache auto-configuration with {@code spring.cache.type=none} (its class name differs by version). */
    @AutoConfiguration(after = StewardCacheAutoConfiguration.class)
    @ConditionalOnMissingBean(CacheManager.class)
    static class NoCacheAutoConfiguration {

        @Bean
        NoOpCacheManager cacheManager() {
            return new NoOpCacheManager();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingApplication {

        @Bean
        Catalogue catalogue() {
            return new Catalogue();
        }
    }

    static class Catalogue {

        private final AtomicInteger lookups = new AtomicInteger();

        @Cacheable(cacheNames = "items", key = "#p0") // #p0: the reactor does not compile with -parameters
        public CompletableFuture<Item> itemAsync(String id) {
            return CompletableFuture.completedFuture(new Item(id, "green", lookups.incrementAndGet()));
        }
    }
}

package io.steward.spring.boot.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.Profile;
import io.steward.client.StewardClient;
import io.steward.client.cache.ValueCodec;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.spring.boot.StewardAutoConfiguration;
import io.steward.test.RedisTopology;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cache manager's per-cache settings (codec, tenant) and tags against a real standalone Redis, connecting
 * as the ACL user {@code app}.
 */
@RedisTopology(mode = TopologyMode.STANDALONE)
class StewardCacheManagerIT {

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

    @Test
    void evictTagClearsOnlyEntriesOfThatTagAndEvictAllEntriesStillClearsEverything(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            assertThat(context).hasNotFailed();
            Catalogue catalogue = context.getBean(Catalogue.class);
            StewardCacheManager cacheManager = (StewardCacheManager) context.getBean(CacheManager.class);
            catalogue.product("tag-1", "books");
            catalogue.product("tag-2", "books");
            catalogue.product("tag-3", "games");
            catalogue.product("tag-1", "books");
            assertThat(catalogue.lookups()).isEqualTo(3);

            cacheManager.evictTag("products", "category:books");
            assertThat(catalogue.product("tag-3", "games").version())
                    .as("other tag stays")
                    .isEqualTo(3);
            assertThat(catalogue.product("tag-1", "books").version())
                    .as("reloaded")
                    .isEqualTo(4);
            assertThat(catalogue.product("tag-2", "books").version())
                    .as("reloaded")
                    .isEqualTo(5);

            CacheManager springView = cacheManager;
            ((StewardSpringCache) springView.getCache("products")).evictTag("category:games");
            assertThat(catalogue.product("tag-3", "games").version()).isEqualTo(6);
            assertThat(catalogue.product("tag-1", "books").version()).isEqualTo(4);

            catalogue.evictAll();
            assertThat(catalogue.product("tag-1", "books").version()).isEqualTo(7);
            assertThat(catalogue.product("tag-3", "games").version()).isEqualTo(8);
        });
    }

    @Test
    void evictTagClearsValuesLoadedBySynchronizedCacheable(LocalTopology topology) {
        runnerFor(topology).run(context -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            StewardCacheManager cacheManager = context.getBean(StewardCacheManager.class);
            assertThat(catalogue.productSync("sync-1", "books").version()).isEqualTo(1);
            assertThat(catalogue.productSync("sync-2", "games").version()).isEqualTo(2);
            assertThat(catalogue.productSync("sync-1", "books").version()).isEqualTo(1);

            cacheManager.evictTag("products", "category:books");
            assertThat(catalogue.productSync("sync-1", "books").version()).isEqualTo(3);
            assertThat(catalogue.productSync("sync-2", "games").version()).isEqualTo(2);
        });
    }

    @Test
    void jsonCodecStoresJsonOfItsTypeAndReadsItBack(LocalTopology topology) {
        runnerFor(topology)
                .withPropertyValues(
                        "steward.cache.caches.prices.codec=json",
                        "steward.cache.caches.prices.type=" + Price.class.getName(),
                        "steward.cache.caches.prices.near-cache-size=0") // every read goes to Redis
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Catalogue catalogue = context.getBean(Catalogue.class);
                    assertThat(catalogue.price("json-1")).isEqualTo(new Price("json-1", 1250, "EUR"));
                    assertThat(catalogue.price("json-1")).isEqualTo(new Price("json-1", 1250, "EUR"));
                    assertThat(catalogue.priceLookups()).isEqualTo(1);
                    try (StewardClient admin = StewardClient.create(asUser(topology, "admin"))) {
                        assertThat(admin.commands().get("prices:json-1"))
                                .contains("{\"sku\":\"json-1\",\"cents\":1250,\"currency\":\"EUR\"}");
                    }
                    CacheManager cacheManager = context.getBean(CacheManager.class);
                    assertThatThrownBy(() -> cacheManager.getCache("prices").put("other", "not a price"))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("steward.cache.caches.prices.type");
                });
    }

    @Test
    void codecBeanNamedInPropertiesStoresValues(LocalTopology topology) {
        runnerFor(topology)
                .withPropertyValues("steward.cache.caches.names.codec=reversingCodec")
                .withBean("reversingCodec", ValueCodec.class, ReversingCodec::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CacheManager cacheManager = context.getBean(CacheManager.class);
                    cacheManager.getCache("names").put("n1", "steward");
                    try (StewardClient admin = StewardClient.create(asUser(topology, "admin"))) {
                        assertThat(admin.commands().get("names:n1")).endsWith("drawets");
                    }
                    assertThat(cacheManager.getCache("names").get("n1", String.class))
                            .isEqualTo("steward");
                });
    }

    @Test
    void tenantsOfOneCacheDoNotSeeEachOthersEntries(LocalTopology topology) {
        ApplicationContextRunner runner = runnerFor(topology);
        runner.withPropertyValues("steward.cache.caches.products.tenant=acme").run(acme -> runner.withPropertyValues(
                        "steward.cache.caches.products.tenant=globex")
                .run(globex -> {
                    Catalogue acmeCatalogue = acme.getBean(Catalogue.class);
                    Catalogue globexCatalogue = globex.getBean(Catalogue.class);
                    assertThat(acmeCatalogue.product("tenant-1", "books").version())
                            .isEqualTo(1);
                    assertThat(globexCatalogue.product("tenant-1", "books").version())
                            .as("not acme's entry")
                            .isEqualTo(1);
                    assertThat(globexCatalogue.lookups()).isEqualTo(1);
                    try (StewardClient admin = StewardClient.create(asUser(topology, "admin"))) {
                        assertThat(admin.commands().exists("products:acme:tenant-1", "products:globex:tenant-1"))
                                .isEqualTo(2L);
                    }

                    acme.getBean(StewardCacheManager.class).evictTag("products", "category:books");
                    acmeCatalogue.evictAll();
                    assertThat(globexCatalogue.product("tenant-1", "books").version())
                            .as("acme's evictions stay with acme")
                            .isEqualTo(1);
                    assertThat(acmeCatalogue.product("tenant-1", "books").version())
                            .isEqualTo(2);
                }));
    }

    @Test
    void shouldFailStartNamingCodecThatIsNeitherBuiltInNorBean(LocalTopology topology) {
        runnerFor(topology)
                .withPropertyValues("steward.cache.caches.prices.codec=protobuf")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("steward.cache.caches.prices.codec: 'protobuf' is neither java,"
                                + " json nor the name of a ValueCodec bean"));
    }

    @Test
    void shouldFailStartNamingTypeWhenJsonCodecLacksIt(LocalTopology topology) {
        runnerFor(topology)
                .withPropertyValues("steward.cache.caches.prices.codec=json")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("steward.cache.caches.prices.type: is required with codec json"));
    }

    @Test
    void shouldFailStartNamingTenantWithBadCharacters(LocalTopology topology) {
        runnerFor(topology)
                .withPropertyValues("steward.cache.caches.products.tenant=acme corp")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("steward.cache.caches.products.tenant"));
    }

    private static ClientOptions asUser(LocalTopology topology, String user) {
        char[] password = topology.password(user);
        try {
            return ClientOptions.builder()
                    .mode(Mode.STANDALONE)
                    .endpoints(topology.master())
                    .profile(Profile.DEVELOPMENT)
                    .credentials(user, password)
                    .build();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** A product tagged with its category. */
    public record Product(String id, String category, int version) implements CacheTagged, Serializable {

        @Override
        public Collection<String> cacheTags() {
            return List.of("category:" + category);
        }
    }

    /** A price, cached as JSON. */
    public record Price(String sku, long cents, String currency) {}

    /** Stores strings reversed, to see that the named bean did the encoding. */
    static final class ReversingCodec implements ValueCodec<Object> {

        @Override
        public byte[] encode(Object value) {
            return new StringBuilder((String) value).reverse().toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] bytes) {
            return new StringBuilder(new String(bytes, StandardCharsets.UTF_8))
                    .reverse()
                    .toString();
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
        private final AtomicInteger priceLookups = new AtomicInteger();

        public int lookups() {
            return lookups.get();
        }

        public int priceLookups() {
            return priceLookups.get();
        }

        @Cacheable(cacheNames = "products", key = "#p0") // #p0: the reactor does not compile with -parameters
        public Product product(String id, String category) {
            return new Product(id, category, lookups.incrementAndGet());
        }

        @Cacheable(cacheNames = "products", key = "#p0", sync = true)
        public Product productSync(String id, String category) {
            return new Product(id, category, lookups.incrementAndGet());
        }

        @Cacheable("prices")
        public Price price(String sku) {
            priceLookups.incrementAndGet();
            return new Price(sku, 1250, "EUR");
        }

        @CacheEvict(cacheNames = "products", allEntries = true)
        public void evictAll() {}
    }
}

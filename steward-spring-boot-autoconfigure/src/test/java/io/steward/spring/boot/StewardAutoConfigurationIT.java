package io.steward.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.Profile;
import io.steward.client.StewardClient;
import io.steward.client.cache.StewardCache;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.spring.boot.cache.StewardCacheAutoConfiguration;
import io.steward.spring.boot.cache.StewardCacheManager;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration against a real standalone Redis, connecting as the ACL user {@code app}. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class StewardAutoConfigurationIT {

    private static ApplicationContextRunner runnerFor(LocalTopology topology) {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(StewardAutoConfiguration.class, StewardCacheAutoConfiguration.class))
                .withPropertyValues(
                        "steward.endpoints=" + topology.master(),
                        "steward.user=app",
                        "steward.password-file=" + topology.passwordFile("app"),
                        "steward.profile=development");
    }

    @Test
    void shouldConnectAsAppUserAndCloseClientWithContext(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        runnerFor(topology).withPropertyValues("steward.client-name=boot-it").run(context -> {
            assertThat(context).hasNotFailed();
            StewardClient client = context.getBean(StewardClient.class);
            client.commands().set("boot:connected", "yes");
            assertThat(client.commands().get("boot:connected")).isEqualTo("yes");
            // CLIENT LIST separates fields with spaces; the trailing one keeps "name=boot-it-admin" apart
            assertThat(clientList(topology)).contains("name=boot-it ");
        });
        await("the client closed with the context")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !clientList(topology).contains("name=boot-it "));
    }

    @Test
    void shouldUseApplicationsOwnClientInsteadOfConfiguringOne(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        AtomicReference<StewardClient> own = new AtomicReference<>();
        runnerFor(topology)
                .withBean(
                        StewardClient.class,
                        () -> {
                            own.set(StewardClient.create(asUser(topology, "app")));
                            return own.get();
                        },
                        definition -> definition.setDestroyMethodName("close"))
                .run(context -> {
                    assertThat(context).hasSingleBean(StewardClient.class);
                    assertThat(context.getBean(StewardClient.class)).isSameAs(own.get());
                    assertThat(context).doesNotHaveBean(ClientOptions.class);
                });
    }

    @Test
    void shouldServeCacheableMethodFromCacheAndClearOnEvictAll(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        runnerFor(topology)
                .withUserConfiguration(CachingApplication.class)
                .withPropertyValues(
                        "steward.cache.caches.products.ttl=1m", "steward.cache.caches.products.near-cache-size=100")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CacheManager.class)).isInstanceOf(StewardCacheManager.class);
                    ProductCatalogue catalogue = context.getBean(ProductCatalogue.class);
                    StewardCache cache = context.getBean(StewardCache.class);

                    assertThat(catalogue.product("p1")).isEqualTo("product p1 #1");
                    long nearHits = cache.stats().nearHits();
                    assertThat(catalogue.product("p1")).isEqualTo("product p1 #1");
                    assertThat(catalogue.lookups()).isEqualTo(1);
                    assertThat(cache.stats().nearHits()).isGreaterThan(nearHits);

                    catalogue.rename("p1", "renamed");
                    assertThat(catalogue.product("p1")).isEqualTo("renamed");

                    catalogue.evictAll();
                    assertThat(catalogue.product("p1")).isEqualTo("product p1 #2");
                    assertThat(catalogue.lookups()).isEqualTo(2);
                });
    }

    @Test
    void shouldFailStartNamingCacheSectionWithBadSetting(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        runnerFor(topology)
                .withUserConfiguration(CachingApplication.class)
                .withPropertyValues("steward.cache.caches.products.ttl=0s")
                .run(context -> assertThat(StewardAutoConfigurationTest.startupFailure(context))
                        .contains("steward.cache.caches.products: cache 'products': ttl must be positive"));
    }

    @Test
    void shouldNotConfigureCacheManagerWithoutEnableCaching(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        runnerFor(topology).run(context -> {
            assertThat(context).hasSingleBean(StewardClient.class);
            assertThat(context).doesNotHaveBean(CacheManager.class);
            assertThat(context).doesNotHaveBean(StewardCache.class);
        });
    }

    private static String clientList(LocalTopology topology) {
        try (StewardClient admin = StewardClient.create(asUser(topology, "admin"))) {
            return admin.commands().clientList();
        }
    }

    private static ClientOptions asUser(LocalTopology topology, String user) {
        char[] password = topology.password(user);
        try {
            return ClientOptions.builder()
                    .mode(Mode.STANDALONE)
                    .endpoints(topology.master())
                    .profile(Profile.DEVELOPMENT)
                    .credentials(user, password)
                    .clientName("boot-it-" + user)
                    .build();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingApplication {

        @Bean
        ProductCatalogue productCatalogue() {
            return new ProductCatalogue();
        }
    }

    static class ProductCatalogue {

        private final AtomicInteger lookups = new AtomicInteger();

        /** How often a product was looked up rather than served from the cache. */
        public int lookups() {
            return lookups.get();
        }

        @Cacheable("products")
        public String product(String id) {
            return "product " + id + " #" + lookups.incrementAndGet();
        }

        @CachePut(cacheNames = "products", key = "#p0") // #p0: the reactor does not compile with -parameters
        public String rename(String id, String name) {
            return name;
        }

        @CacheEvict(cacheNames = "products", allEntries = true)
        public void evictAll() {}
    }
}

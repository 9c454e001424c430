package io.steward.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Profile;
import io.steward.client.StewardClient;
import io.steward.client.cache.CacheMetrics;
import io.steward.client.cache.StewardCache;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.spring.boot.cache.StewardCacheWarmer;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real web application (embedded server on a free port) over a real standalone Redis, called over
 * HTTP the way an operator would: {@code /actuator/health} with the {@code steward} indicator and the
 * DEGRADED status, the {@code steward} endpoint (statistics, warming), and the Steward meters through
 * {@code /actuator/metrics}. Only JSON and status codes are asserted, so it runs on Boot 3.5 and 4.0.
 */
@RedisTopology(mode = TopologyMode.STANDALONE)
class StewardEndpointIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    @AfterEach
    void stopApps() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void shouldReportUpWithDetailsAtHealthEndpoint(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        String base = start(topology, "management.endpoint.health.show-details=always");

        HttpResponse<String> steward = get(base + "/actuator/health/steward");
        assertThat(steward.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(steward.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("details").path("mode").asText()).isEqualTo("standalone");
        assertThat(body.path("details").path("master").asText())
                .isEqualTo(topology.master().toString());
        assertThat(body.path("details").path("circuit").asText()).isEqualTo("CLOSED");
        assertThat(steward.body()).doesNotContain(new String(topology.password("app")));

        HttpResponse<String> overall = get(base + "/actuator/health");
        assertThat(JSON.readTree(overall.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldShowCacheStatisticsAndWarmNamedCache(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        String base = start(topology, "management.endpoints.web.exposure.include=health,steward");
        Catalogue catalogue = apps.get(0).getBean(Catalogue.class);

        HttpResponse<String> warmed = post(base + "/actuator/steward/products");
        assertThat(warmed.statusCode()).as(warmed.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(warmed.body());
        assertThat(report.path("cache").asText()).isEqualTo("products");
        assertThat(report.path("keysWarmed").asLong()).isEqualTo(2);
        assertThat(report.path("failures").asLong()).isZero();

        assertThat(catalogue.product("w1")).isEqualTo("warmed w1");
        assertThat(catalogue.lookups())
                .as("served from the warmed cache, not loaded")
                .isZero();

        HttpResponse<String> stats = get(base + "/actuator/steward");
        assertThat(stats.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(stats.body());
        assertThat(body.path("health").asText()).isEqualTo("UP");
        assertThat(body.path("caches").toString()).contains("products", "prices");
        assertThat(body.path("stats").path("redisHits").asLong()
                        + body.path("stats").path("nearHits").asLong())
                .isPositive();
        assertThat(body.path("stats").path("circuitState").asText()).isEqualTo("CLOSED");
    }

    @Test
    void shouldRefuseToWarmUnknownCacheOrCacheWithoutWarmer(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        String base = start(topology, "management.endpoints.web.exposure.include=health,steward");

        HttpResponse<String> unknown = post(base + "/actuator/steward/nosuchcache");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("unknown cache 'nosuchcache'");

        HttpResponse<String> withoutWarmer = post(base + "/actuator/steward/prices");
        assertThat(withoutWarmer.statusCode()).isEqualTo(400);
        assertThat(withoutWarmer.body()).contains("no StewardCacheWarmer bean is defined for cache 'prices'");
    }

    @Test
    void shouldNotExposeStewardEndpointOverHttpUnlessTheApplicationDoes(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        String base = start(topology);

        assertThat(get(base + "/actuator/steward").statusCode()).isEqualTo(404);
        assertThat(post(base + "/actuator/steward/products").statusCode()).isEqualTo(404);
        assertThat(apps.get(0).getBean(Catalogue.class).lookups()).isZero();
        assertThat(get(base + "/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldPublishCacheAndConnectionMeters(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        String base = start(topology, "management.endpoints.web.exposure.include=health,metrics");
        apps.get(0).getBean(Catalogue.class).product("m1");

        JsonNode gets = JSON.readTree(get(base + "/actuator/metrics/steward.cache.gets?tag=cache:stewardCache")
                .body());
        assertThat(gets.path("name").asText()).isEqualTo("steward.cache.gets");
        JsonNode activated =
                JSON.readTree(get(base + "/actuator/metrics/steward.client.connection.events?tag=event:activated")
                        .body());
        assertThat(activated.path("name").asText()).isEqualTo("steward.client.connection.events");
        assertThat(get(base + "/actuator/metrics/steward.cache.circuit.state").statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldUseApplicationsOwnCacheMetricsWhateverItsName(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        start(topology, new Class<?>[] {Application.class, OwnCacheMetrics.class});
        assertThat(apps.get(0).getBeansOfType(CacheMetrics.class)).containsOnlyKeys("ownCacheMetrics");
    }

    @Test
    void shouldReportDegradedOverallWhileMasterIsPausedWith200OrTheMappedCode(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        String byDefault = start(topology);
        String mapped = start(topology, "management.endpoint.health.status.http-mapping.degraded=503");
        LocalNode master = topology.node(topology.master());
        master.pause();
        try {
            await("DEGRADED overall while the only node is paused")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> {
                        HttpResponse<String> health = get(byDefault + "/actuator/health");
                        assertThat(health.statusCode()).isEqualTo(200);
                        assertThat(JSON.readTree(health.body()).path("status").asText())
                                .isEqualTo("DEGRADED");
                    });
            await("503 where the application maps DEGRADED to it")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(get(mapped + "/actuator/health").statusCode())
                                    .isEqualTo(503));
        } finally {
            master.resume();
        }
        await("UP again after resume").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        JSON.readTree(get(byDefault + "/actuator/health").body())
                                .path("status")
                                .asText())
                .isEqualTo("UP"));
    }

    @Test
    void shouldReportDegradedWhileCacheCircuitIsOpenAndUpOnceCacheCallsCloseIt(LocalTopology topology)
            throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(60));
        String base = start(topology, "management.endpoint.health.show-details=always");
        // reads only: a @Cacheable miss while Redis is unavailable also writes, and that write throws (see the
        // report of this branch: RegionView.write asks Redis for the tag generation outside its fallback)
        Cache products = apps.get(0).getBean(CacheManager.class).getCache("products");
        StewardCache cache = apps.get(0).getBean(StewardCache.class);
        AtomicInteger ids = new AtomicInteger();
        LocalNode master = topology.node(topology.master());
        master.pause();
        try {
            await("the cache circuit opens after failed calls to the paused master")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        products.get("c" + ids.incrementAndGet());
                        return "OPEN".equals(cache.stats().circuitState());
                    });
        } finally {
            master.resume();
        }
        await("DEGRADED for the open circuit alone once the master answers again")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    JsonNode health =
                            JSON.readTree(get(base + "/actuator/health/steward").body());
                    assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
                    assertThat(health.path("details").path("circuit").asText()).isEqualTo("OPEN");
                    assertThat(health.path("details").path("problems").toString())
                            .contains("cache circuit open")
                            .doesNotContain("master ");
                });
        await("UP once cache calls have closed the circuit")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    products.get("c" + ids.incrementAndGet());
                    assertThat(JSON.readTree(get(base + "/actuator/health/steward")
                                            .body())
                                    .path("status")
                                    .asText())
                            .isEqualTo("UP");
                });
    }

    @Test
    void shouldReportDownWithoutTheSecretWhenCredentialsAreRejected(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        char[] wrong = "not-the-app-password-1234567890".toCharArray();
        try (StewardClient client = StewardClient.createForNodes(ClientOptions.builder()
                        .endpoint(topology.master())
                        .credentials("app", wrong.clone())
                        .build());
                StewardHealthCheck check =
                        new StewardHealthCheck(client, null, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            StewardHealth health = check.check();
            assertThat(health.status()).as("%s", health.details()).isEqualTo(StewardHealth.Status.DOWN);
            assertThat(health.details().toString())
                    .contains("master " + topology.master())
                    .doesNotContain(new String(wrong));
        }
    }

    @Test
    void shouldCloseProbeConnectionThatLostItsLinkInsteadOfReconnecting(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        HostAndPort master = topology.master();
        try (StewardClient client = StewardClient.createForNodes(TopologyOptionsForTest.as(topology, "app")
                        .endpoint(master)
                        .build());
                StewardClient admin = StewardClient.createForNodes(TopologyOptionsForTest.as(topology, "admin")
                        .endpoint(master)
                        .build());
                StatefulRedisConnection<String, String> control = admin.connectNode(master);
                StewardHealthCheck check =
                        new StewardHealthCheck(client, null, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            assertThat(check.check().status()).isEqualTo(StewardHealth.Status.UP);
            StatefulConnection<String, String> probe =
                    check.probes().nodeConnections().get(master);
            assertThat(probe).isNotNull();

            control.sync().clientKill(KillArgs.Builder.user("app"));

            // Lettuce would have reconnected the same connection object; the probe closes it instead
            await("the probe connection closed")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> ((RedisChannelHandler<?, ?>) probe).isClosed());
            assertThat(check.check().status()).isEqualTo(StewardHealth.Status.UP);
            assertThat(check.probes().nodeConnections().get(master)).isNotSameAs(probe);
        }
    }

    @Test
    void shouldCloseProbeConnectionsToEndpointsTheCheckNoLongerAsks(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        HostAndPort master = topology.master();
        // the same server under another name: an endpoint a former check asked and this one does not
        HostAndPort former = HostAndPort.of("localhost", master.port());
        try (StewardClient client = StewardClient.createForNodes(TopologyOptionsForTest.as(topology, "app")
                        .endpoint(master)
                        .build());
                StewardHealthCheck check =
                        new StewardHealthCheck(client, null, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            NodeProbes probes = check.probes();
            assertThat(probes.await(
                                    probes.info(former, "replication"),
                                    System.nanoTime() + Duration.ofSeconds(10).toNanos())
                            .answered())
                    .isTrue();
            StatefulConnection<String, String> formerProbe =
                    probes.nodeConnections().get(former);
            assertThat(formerProbe).isNotNull();

            assertThat(check.check().status()).isEqualTo(StewardHealth.Status.UP);

            assertThat(probes.nodeConnections()).containsOnlyKeys(master);
            await("the former endpoint's connection closed")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> ((RedisChannelHandler<?, ?>) formerProbe).isClosed());
        }
    }

    /** Starts the application; returns its base URL. */
    private String start(LocalTopology topology, String... properties) {
        return start(topology, new Class<?>[] {Application.class}, properties);
    }

    private String start(LocalTopology topology, Class<?>[] sources, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "steward.endpoints=" + topology.master(),
                "steward.user=app",
                "steward.password-file=" + topology.passwordFile("app"),
                "steward.profile=development",
                "steward.cache.caches.products.ttl=10m",
                "steward.cache.caches.prices.ttl=10m"));
        all.addAll(List.of(properties));
        ConfigurableApplicationContext app = new SpringApplicationBuilder(sources)
                .properties(all.toArray(String[]::new))
                .run();
        apps.add(app);
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableCaching
    static class Application {

        @Bean
        Catalogue catalogue() {
            return new Catalogue();
        }

        @Bean
        StewardCacheWarmer productsWarmer() {
            return StewardCacheWarmer.of(
                    "products", () -> Stream.of(Map.entry("w1", "warmed w1"), Map.entry("w2", "warmed w2")));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCacheMetrics {

        @Bean
        CacheMetrics ownCacheMetrics(StewardCache stewardCache) {
            return new CacheMetrics(stewardCache, "mine");
        }
    }

    /** Client options for the topology as one of its ACL users. */
    static final class TopologyOptionsForTest {
        static ClientOptions.Builder as(LocalTopology topology, String user) {
            return ClientOptions.builder().profile(Profile.DEVELOPMENT).credentials(user, topology.password(user));
        }
    }

    static class Catalogue {
        private final AtomicInteger lookups = new AtomicInteger();

        @Cacheable("products")
        public String product(String id) {
            lookups.incrementAndGet();
            return "loaded " + id;
        }

        int lookups() {
            return lookups.get();
        }
    }
}

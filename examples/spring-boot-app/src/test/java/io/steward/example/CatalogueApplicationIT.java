package io.steward.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.HostAndPort;
import io.steward.example.login.CodeOutbox;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example application started as a user starts it, against a real hardened Sentinel topology
 * (user {@code app}), and driven over HTTP. One topology for the class: the tests run in order, the
 * two that disturb the topology (pausing the master, killing it) last.
 */
@RedisTopology(mode = TopologyMode.SENTINEL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogueApplicationIT {

    /** {@code steward.rate-limits.login} in application.yml: 5 requests per identity in any 15 minutes. */
    private static final int LOGIN_LIMIT = 5;

    /** Jackson 3, as the application's own JSON. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ConfigurableApplicationContext app;
    private static URI base;
    /** Actuator's own port (management.server.port). */
    private static URI management;
    /** The session cookie of {@code admin}, signed in before the tests: also the session the failover must keep. */
    private static String adminSession;

    @BeforeAll
    static void startApplication(LocalTopology topology, @TempDir Path dir) throws IOException, InterruptedException {
        topology.awaitHealthy(Duration.ofSeconds(60));
        String sentinels = topology.sentinels().stream()
                .map(LocalNode::endpoint)
                .map(HostAndPort::toString)
                .collect(Collectors.joining(","));
        // command-line arguments: they win over application.yml, as they would in production
        app = new SpringApplicationBuilder(CatalogueApplication.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--steward.endpoints=" + sentinels,
                        "--steward.master-name=" + topology.masterName(),
                        "--steward.password-file=" + topology.passwordFile("app"),
                        "--steward.codes.secret-file=" + secretFile(dir),
                        "--steward.profile=development");
        base = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
        management = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.management.port"));
        adminSession = signIn("admin");
    }

    @AfterAll
    static void stopApplication() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void shouldServeSecondReadOfProductFromNearCacheWithoutLoadingIt() throws Exception {
        long loadsBefore = loads("p1");
        assertThat(get("/products/p1", null).body()).contains("\"name\":\"Espresso cup\"");
        assertThat(loads("p1")).isEqualTo(loadsBefore + 1);
        long nearHits = nearHits();

        HttpResponse<String> second = get("/products/p1", null);

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("\"name\":\"Espresso cup\"", "\"category\":\"kitchen\"");
        assertThat(loads("p1")).as("database loads of p1").isEqualTo(loadsBefore + 1);
        assertThat(nearHits()).as("near-cache hits").isGreaterThan(nearHits);
    }

    @Test
    @Order(2)
    void shouldAnswerNotFoundForUnknownProductWithoutCachingTheAbsence() throws Exception {
        assertThat(get("/products/p404", null).statusCode()).isEqualTo(404);
        assertThat(get("/products/p404", null).statusCode()).isEqualTo(404);
        assertThat(loads("p404")).as("database loads of an unknown product").isEqualTo(2);
    }

    @Test
    @Order(3)
    void shouldReloadOnlyProductsOfEvictedCategory() throws Exception {
        List<String> kitchen = List.of("p1", "p2");
        List<String> office = List.of("p3", "p4");
        for (String id : List.of("p1", "p2", "p3", "p4")) {
            assertThat(get("/products/" + id, null).statusCode()).isEqualTo(200);
        }
        Map<String, Long> before = loads();

        assertThat(post("/admin/categories/kitchen/evict", "", adminSession).statusCode())
                .isEqualTo(204);

        for (String id : kitchen) {
            // the eviction reaches the near cache through Redis: await it rather than assume it is synchronous
            await("product " + id + " reloaded once")
                    .atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> {
                        assertThat(get("/products/" + id, null).statusCode()).isEqualTo(200);
                        assertThat(loads(id)).isEqualTo(before.get(id) + 1);
                    });
        }
        for (String id : office) {
            assertThat(get("/products/" + id, null).statusCode()).isEqualTo(200);
            assertThat(loads(id)).as("loads of office product " + id).isEqualTo(before.get(id));
        }
    }

    @Test
    @Order(4)
    void shouldAnswerTooManyRequestsWithRetryAfterOnceLoginLimitIsUsedUp() throws Exception {
        assertThat(post("/admin/categories/office/evict", "", null).statusCode())
                .as("admin endpoint without a session")
                .isEqualTo(401);
        List<Integer> statuses = new ArrayList<>();
        // admin's sign-in spent one request of this client address's limit: mallory has LOGIN_LIMIT - 1 left
        for (int i = 0; i < LOGIN_LIMIT + 2 && !statuses.contains(429); i++) {
            statuses.add(post("/login", "user=mallory", null).statusCode());
        }
        HttpResponse<String> refused = post("/login", "user=mallory", null);

        List<Integer> expected = new ArrayList<>(Collections.nCopies(LOGIN_LIMIT - 1, 202));
        expected.add(429);
        assertThat(statuses).as("statuses of POST /login").isEqualTo(expected);
        assertThat(refused.statusCode()).as("still refused").isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
                .as("Retry-After seconds")
                .isPositive();
        assertThat(refused.body()).contains("too many sign-in requests");
    }

    @Test
    @Order(5)
    void shouldReportDegradedWhileMasterIsPausedAndUpAfterResume(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        await("health UP").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertHealth("UP"));
        LocalNode master = topology.node(topology.master());

        master.pause();
        try {
            await("health DEGRADED with the master paused")
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .untilAsserted(() -> assertHealth("DEGRADED"));
        } finally {
            master.resume();
        }

        await("health UP after resume")
                .atMost(Duration.ofSeconds(90))
                .ignoreExceptions()
                .untilAsserted(() -> assertHealth("UP"));
    }

    @Test
    @Order(6)
    void shouldKeepSessionAcrossSentinelFailover(LocalTopology topology) throws Exception {
        // every replica holds the session before the master dies: a failover keeps what was replicated
        topology.awaitHealthy(Duration.ofSeconds(60));
        assertThat(get("/me", adminSession).body()).contains("\"user\":\"admin\"");
        HostAndPort oldMaster = topology.master();

        topology.node(oldMaster).kill();

        await("a new master elected")
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> !topology.master().equals(oldMaster));
        await("the same session cookie reads /me")
                .atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    HttpResponse<String> me = get("/me", adminSession);
                    assertThat(me.statusCode()).isEqualTo(200);
                    assertThat(me.body()).contains("\"user\":\"admin\"");
                });
    }

    /** Signs {@code user} in through the code it was "sent"; returns the session cookie. */
    private static String signIn(String user) throws IOException, InterruptedException {
        assertThat(post("/login", "user=" + user, null).statusCode()).isEqualTo(202);
        String code = app.getBean(CodeOutbox.class).lastCodeFor(user).orElseThrow();
        HttpResponse<String> verified = post("/login/verify", "user=" + user + "&code=" + encode(code), null);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        String cookie = verified.headers().allValues("Set-Cookie").stream()
                .map(header -> header.split(";", 2)[0])
                .collect(Collectors.joining("; "));
        assertThat(cookie).as("session cookie").isNotEmpty();
        assertThat(get("/me", cookie).body()).contains("\"user\":\"" + user + "\"");
        return cookie;
    }

    /** {@code /actuator/health} is {@code expected}, with its HTTP code: 200 but for DOWN (503). */
    private static void assertHealth(String expected) throws IOException, InterruptedException {
        HttpResponse<String> health = send(HttpRequest.newBuilder(management.resolve("/actuator/health")), null);
        assertThat(JSON.readTree(health.body()).path("status").asString())
                .as(health.body())
                .isEqualTo(expected);
        // DEGRADED answers 200 like UP: the application still serves (the starter's default mapping)
        assertThat(health.statusCode()).as(health.body()).isEqualTo(expected.equals("DOWN") ? 503 : 200);
    }

    /** The Steward cache's near-cache hits as the {@code steward} Actuator endpoint shows them. */
    private static long nearHits() throws IOException, InterruptedException {
        HttpResponse<String> steward = send(HttpRequest.newBuilder(management.resolve("/actuator/steward")), null);
        assertThat(steward.statusCode()).as(steward.body()).isEqualTo(200);
        return JSON.readTree(steward.body()).path("stats").path("nearHits").asLong(-1);
    }

    private static long loads(String id) throws IOException, InterruptedException {
        return loads().getOrDefault(id, 0L);
    }

    /** {@code GET /admin/catalogue/loads}: product id to load count. */
    private static Map<String, Long> loads() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/admin/catalogue/loads", adminSession);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Long> loads = new TreeMap<>();
        JSON.readTree(response.body())
                .properties()
                .forEach(e -> loads.put(e.getKey(), e.getValue().asLong()));
        return loads;
    }

    private static HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), cookie);
    }

    private static HttpResponse<String> post(String path, String form, String cookie)
            throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)),
                cookie);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String cookie)
            throws IOException, InterruptedException {
        request.timeout(REQUEST_TIMEOUT);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A fresh HMAC key for the sign-in codes, in a file only its owner can read. */
    private static Path secretFile(Path dir) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = dir.resolve("codes.secret");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(key));
        return file;
    }
}

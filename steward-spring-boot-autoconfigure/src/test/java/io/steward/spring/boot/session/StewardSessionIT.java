package io.steward.spring.boot.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.Profile;
import io.steward.client.StewardClient;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.provision.tls.CertificateAuthority;
import io.steward.provision.tls.TlsFiles;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Spring Session Data Redis through the Steward connection factory, in a web application on a random
 * port against a hardened Sentinel topology (default user off; the application is the ACL user
 * {@code app}), called over real HTTP.
 */
@RedisTopology(mode = TopologyMode.SENTINEL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StewardSessionIT {

    private static final String SESSION_KEY_PREFIX = "spring:session:sessions:";
    private static final Duration FAILOVER = Duration.ofSeconds(60);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Order(1)
    void shouldSetHttpOnlyLaxCookieWithoutSecureOverPlainHttp(LocalTopology topology) throws Exception {
        topology.awaitHealthy(FAILOVER);
        try (ConfigurableApplicationContext app = start(topology)) {
            HttpResponse<String> login = post(app, "/login?user=alice", Optional.empty(), Optional.empty());

            assertThat(login.statusCode()).isEqualTo(200);
            String cookie = sessionSetCookie(login);
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
        }
    }

    @Test
    @Order(2)
    void shouldSetSecureCookieWhenProxyForwardsHttps(LocalTopology topology) throws Exception {
        topology.awaitHealthy(FAILOVER);
        try (ConfigurableApplicationContext app = start(topology, "server.forward-headers-strategy=native")) {
            HttpResponse<String> login = post(app, "/login?user=alice", Optional.empty(), Optional.of("https"));

            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(sessionSetCookie(login))
                    .contains("Secure")
                    .contains("HttpOnly")
                    .contains("SameSite=Lax");
        }
    }

    @Test
    @Order(3)
    void shouldSetSecureCookieOverHttps(LocalTopology topology, @TempDir Path dir) throws Exception {
        topology.awaitHealthy(FAILOVER);
        TlsFiles tls = CertificateAuthority.generate(
                dir.resolve("tls"),
                List.of("localhost"),
                List.of("127.0.0.1"),
                Duration.ofDays(1),
                Clock.systemUTC(),
                new SecureRandom());
        try (ConfigurableApplicationContext app = start(
                topology,
                "server.ssl.certificate=" + tls.serverCert(),
                "server.ssl.certificate-private-key=" + tls.serverKey())) {
            HttpClient https = HttpClient.newBuilder()
                    .sslContext(trusting(tls.ca()))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI login = URI.create("https://127.0.0.1:" + port(app) + "/login?user=alice");

            HttpResponse<String> response = https.send(
                    HttpRequest.newBuilder(login)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(sessionSetCookie(response))
                    .contains("Secure")
                    .contains("HttpOnly")
                    .contains("SameSite=Lax");
        }
    }

    @Test
    @Order(4)
    void shouldKeepApplicationsOwnCookieSettings(LocalTopology topology) throws Exception {
        topology.awaitHealthy(FAILOVER);
        try (ConfigurableApplicationContext app = start(
                topology,
                "server.servlet.session.cookie.same-site=strict",
                "server.servlet.session.cookie.secure=true",
                "server.servlet.session.cookie.name=ORDERS")) {
            HttpResponse<String> login = post(app, "/login?user=alice", Optional.empty(), Optional.empty());

            String cookie = login.headers().allValues("Set-Cookie").stream()
                    .filter(value -> value.startsWith("ORDERS="))
                    .findFirst()
                    .orElseThrow();
            assertThat(cookie).contains("SameSite=Strict").contains("Secure").contains("HttpOnly");
        }
    }

    @Test
    @Order(5)
    void shouldKeepSessionAndWriteToNewMasterWhenMasterIsKilled(LocalTopology topology) throws Exception {
        topology.awaitHealthy(FAILOVER);
        try (ConfigurableApplicationContext app = start(topology);
                StewardClient admin = StewardClient.createForNodes(asAdmin(topology))) {
            assertThat(app.getBean(RedisConnectionFactory.class)).isInstanceOf(LettuceConnectionFactory.class);
            HttpResponse<String> login = post(app, "/login?user=alice", Optional.empty(), Optional.empty());
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie =
                    sessionSetCookie(login).substring(0, sessionSetCookie(login).indexOf(';'));
            String sessionKey = SESSION_KEY_PREFIX + sessionId(cookie);
            HostAndPort oldMaster = topology.master();

            assertThat(clientList(admin, oldMaster))
                    .as("the session connections log in as the ACL user app, under the client name")
                    .anyMatch(line -> line.contains(" name=session-it ") && line.contains(" user=app "));
            await("the session on every replica before the master dies")
                    .atMost(FAILOVER)
                    .until(() -> replicas(topology, oldMaster).stream()
                            .allMatch(replica -> exists(admin, replica, sessionKey)));

            topology.node(oldMaster).kill();

            await("Sentinel promoting a replica")
                    .atMost(FAILOVER)
                    .ignoreExceptions()
                    .until(() -> !topology.master().equals(oldMaster));
            await("the same cookie finding the session after the failover")
                    .atMost(FAILOVER)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> get(app, "/me", cookie).body().equals("alice"));
            await("a session write after the failover")
                    .atMost(FAILOVER)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> post(app, "/login?user=bob", Optional.of(cookie), Optional.empty())
                                    .statusCode()
                            == 200);
            // topology.master() throws while the Sentinels still disagree about the new master.
            HostAndPort newMaster = await("all Sentinels naming the new master")
                    .atMost(FAILOVER)
                    .ignoreExceptions()
                    .until(topology::master, master -> !master.equals(oldMaster));
            assertThat(hashField(admin, newMaster, sessionKey, "sessionAttr:user"))
                    .as("the write reached the new master")
                    .isNotNull()
                    .contains("bob");
            assertThat(get(app, "/me", cookie).body()).isEqualTo("bob");
        }
    }

    @Test
    @Order(6)
    void shouldWriteSessionsToNewMasterWhenSentinelDemotesLiveMaster(LocalTopology topology) throws Exception {
        topology.awaitHealthy(FAILOVER);
        try (ConfigurableApplicationContext app = start(topology);
                StewardClient admin = StewardClient.createForNodes(asAdmin(topology))) {
            HttpResponse<String> login = post(app, "/login?user=carol", Optional.empty(), Optional.empty());
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie =
                    sessionSetCookie(login).substring(0, sessionSetCookie(login).indexOf(';'));
            String sessionKey = SESSION_KEY_PREFIX + sessionId(cookie);
            HostAndPort oldMaster = topology.master();
            await("the session on every replica before the failover")
                    .atMost(FAILOVER)
                    .until(() -> replicas(topology, oldMaster).stream()
                            .allMatch(replica -> exists(admin, replica, sessionKey)));

            try (StatefulRedisSentinelConnection<String, String> sentinel =
                    admin.connectSentinel(topology.sentinels().get(0).endpoint())) {
                sentinel.sync().failover(topology.masterName());
            }

            HostAndPort newMaster = await("all Sentinels naming the new master")
                    .atMost(FAILOVER)
                    .ignoreExceptions()
                    .until(topology::master, master -> !master.equals(oldMaster));
            // The old master is alive and now a replica: the connection to it must not stay there.
            await("a session write after the failover")
                    .atMost(FAILOVER)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> post(app, "/login?user=dave", Optional.of(cookie), Optional.empty())
                                    .statusCode()
                            == 200);
            assertThat(hashField(admin, newMaster, sessionKey, "sessionAttr:user"))
                    .as("the write reached the new master")
                    .isNotNull()
                    .contains("dave");
            assertThat(get(app, "/me", cookie).body()).isEqualTo("dave");
        }
    }

    @Test
    @Order(7)
    void shouldKeepSessionAndWriteToNewMasterWhileOldMasterIsPaused(LocalTopology topology) throws Exception {
        topology.awaitHealthy(FAILOVER);
        try (ConfigurableApplicationContext app = start(topology);
                StewardClient admin = StewardClient.createForNodes(asAdmin(topology))) {
            HttpResponse<String> login = post(app, "/login?user=erin", Optional.empty(), Optional.empty());
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie =
                    sessionSetCookie(login).substring(0, sessionSetCookie(login).indexOf(';'));
            String sessionKey = SESSION_KEY_PREFIX + sessionId(cookie);
            HostAndPort oldMaster = topology.master();
            await("the session on every replica before the master is paused")
                    .atMost(FAILOVER)
                    .until(() -> replicas(topology, oldMaster).stream()
                            .allMatch(replica -> exists(admin, replica, sessionKey)));

            // SIGSTOP: the connection to the old master stays open, nothing breaks it; only Sentinel's
            // +switch-master can move the application to the new master.
            LocalNode paused = topology.node(oldMaster);
            paused.pause();
            try {
                HostAndPort newMaster = await("Sentinel promoting a replica of the paused master")
                        .atMost(FAILOVER)
                        .ignoreExceptions()
                        .until(topology::master, master -> !master.equals(oldMaster));
                await("the same cookie finding the session while the old master is paused")
                        .atMost(FAILOVER)
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> get(app, "/me", cookie).body().equals("erin"));
                await("a session write while the old master is paused")
                        .atMost(FAILOVER)
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> post(app, "/login?user=frank", Optional.of(cookie), Optional.empty())
                                        .statusCode()
                                == 200);
                assertThat(hashField(admin, newMaster, sessionKey, "sessionAttr:user"))
                        .as("the write reached the new master")
                        .isNotNull()
                        .contains("frank");
                assertThat(get(app, "/me", cookie).body()).isEqualTo("frank");
            } finally {
                paused.resume();
            }
        }
    }

    @Test
    @Order(8)
    void shouldRunPipelinesAndTransactionsThroughSentinelFactory(LocalTopology topology) throws Exception {
        topology.awaitHealthy(FAILOVER);
        try (ConfigurableApplicationContext app = start(topology)) {
            StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
            template.opsForValue().set("it:shared", "one");

            List<Object> pipelined = template.executePipelined(new SessionCallback<Object>() {
                @Override
                public <K, V> Object execute(RedisOperations<K, V> operations) {
                    // the template's operations run on the connection the callback is bound to
                    template.opsForValue().set("it:pipelined", "two");
                    template.opsForValue().get("it:shared");
                    return null;
                }
            });
            List<Object> transaction = template.execute(new SessionCallback<List<Object>>() {
                @Override
                public <K, V> List<Object> execute(RedisOperations<K, V> operations) {
                    operations.multi();
                    template.opsForValue().increment("it:counter");
                    template.opsForValue().get("it:pipelined");
                    return operations.exec();
                }
            });

            assertThat(pipelined).containsExactly(true, "one");
            assertThat(transaction).containsExactly(1L, "two");
            assertThat(template.opsForValue().get("it:shared")).isEqualTo("one");
        }
    }

    private static ConfigurableApplicationContext start(LocalTopology topology, String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "steward.mode=sentinel",
                "steward.master-name=" + topology.masterName(),
                "steward.endpoints=" + String.join(",", sentinels(topology)),
                "steward.user=app",
                "steward.password-file=" + topology.passwordFile("app"),
                "steward.profile=development",
                "steward.client-name=session-it"));
        properties.addAll(Arrays.asList(extraProperties));
        return new SpringApplicationBuilder(SessionApplication.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties.toArray(String[]::new))
                .run();
    }

    private static List<String> sentinels(LocalTopology topology) {
        return topology.sentinels().stream()
                .map(node -> node.endpoint().toString())
                .toList();
    }

    private static ClientOptions asAdmin(LocalTopology topology) {
        char[] password = topology.password("admin");
        try {
            return ClientOptions.builder()
                    .mode(Mode.SENTINEL)
                    .masterName(topology.masterName())
                    .endpoints(topology.sentinels().stream()
                            .map(LocalNode::endpoint)
                            .toList())
                    .credentials("admin", password)
                    .profile(Profile.DEVELOPMENT)
                    .clientName("session-it-admin")
                    .build();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static List<HostAndPort> replicas(LocalTopology topology, HostAndPort master) {
        return topology.redisNodes().stream()
                .map(LocalNode::endpoint)
                .filter(node -> !node.equals(master))
                .toList();
    }

    private static boolean exists(StewardClient admin, HostAndPort node, String key) {
        try (StatefulRedisConnection<String, String> connection = admin.connectNode(node)) {
            return connection.sync().exists(key) == 1;
        }
    }

    private static String hashField(StewardClient admin, HostAndPort node, String key, String field) {
        try (StatefulRedisConnection<byte[], byte[]> connection =
                admin.connectNode(node, io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
            byte[] value = connection
                    .sync()
                    .hget(key.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8));
            // JDK serialization of a String: the characters appear as they are after a short header.
            return value == null ? null : new String(value, StandardCharsets.ISO_8859_1);
        }
    }

    private static List<String> clientList(StewardClient admin, HostAndPort node) {
        try (StatefulRedisConnection<String, String> connection = admin.connectNode(node)) {
            return connection
                    .sync()
                    .clientList()
                    .lines()
                    .map(line -> line + " ")
                    .toList();
        }
    }

    /** The session id in a {@code SESSION=...} cookie (Spring Session encodes it in Base64). */
    private static String sessionId(String cookie) {
        String value = cookie.substring(cookie.indexOf('=') + 1);
        return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    private static String sessionSetCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("SESSION="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SESSION cookie in " + response.headers()));
    }

    private HttpResponse<String> post(
            ConfigurableApplicationContext app, String path, Optional<String> cookie, Optional<String> forwardedProto)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(app, path)).POST(HttpRequest.BodyPublishers.noBody());
        cookie.ifPresent(value -> request.header("Cookie", value));
        forwardedProto.ifPresent(value -> request.header("X-Forwarded-Proto", value));
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ConfigurableApplicationContext app, String path, String cookie)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(app, path))
                .header("Cookie", cookie)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://127.0.0.1:" + port(app) + path);
    }

    private static String port(ConfigurableApplicationContext app) {
        return app.getEnvironment().getProperty("local.server.port");
    }

    private static SSLContext trusting(Path caFile) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trusted.setCertificateEntry(
                    "steward-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}

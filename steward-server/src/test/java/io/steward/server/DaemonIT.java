package io.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.StewardException;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.MetricsHistory;
import io.steward.ops.config.AlertsConfig;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The daemon on port 0 against a real Sentinel topology, called over HTTP. */
@RedisTopology(mode = TopologyMode.SENTINEL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path home;
    private LocalTopology topology;
    private StewardDaemon daemon;
    private String token;

    @BeforeAll
    void startDaemon(LocalTopology topology, @TempDir Path home) {
        this.home = home;
        this.topology = topology;
        topology.awaitHealthy(Duration.ofSeconds(30));
        daemon = DaemonFixture.start(topology, home);
        token = DaemonFixture.token(home);
    }

    @AfterAll
    void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void metricsOfEveryNodeLandInTheHistoryFile() throws IOException {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            try (MetricsHistory history =
                    MetricsHistory.open(home.resolve(MetricsHistory.DEFAULT_FILE_NAME), Clock.systemUTC())) {
                for (LocalNode node : topology.redisNodes()) {
                    assertThat(history.latest(node.endpoint().toString()))
                            .hasValueSatisfying(s -> assertThat(s.fields())
                                    .containsKeys(MetricField.USED_MEMORY, MetricField.CONNECTED_CLIENTS));
                }
            }
        });
        JsonNode series = json(DaemonFixture.get(daemon, "/api/series?field=used_memory&minutes=5", token));
        assertThat(series.get("nodes").get(topology.master().toString()).get(0).size())
                .isPositive();
    }

    @Test
    void apiShowsMasterReplicasAndSentinels() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode topologyJson = json(DaemonFixture.get(daemon, "/api/topology", token));
            // path(): before the first collection round the fields are absent, which is a retry, not an error
            assertThat(topologyJson.path("master").asText())
                    .isEqualTo(topology.master().toString());
            assertThat(topologyJson.path("nodes")).hasSize(3);
            assertThat(topologyJson.path("sentinels")).hasSize(3);
        });
    }

    @Test
    void requestsWithoutTheTokenGet401ButHealthIsOpen() {
        for (String path : new String[] {"/metrics", "/api/topology", "/api/alerts", "/api/backups"}) {
            assertThat(DaemonFixture.get(daemon, path, null).statusCode())
                    .as(path)
                    .isEqualTo(401);
            assertThat(DaemonFixture.get(daemon, path, "wrong-token").statusCode())
                    .as(path)
                    .isEqualTo(401);
        }
        assertThat(DaemonFixture.post(daemon, "/api/backups", null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> page = DaemonFixture.get(daemon, "/", null);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue("/login");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> health = DaemonFixture.get(daemon, "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(json(health).get("status").asText()).isEqualTo("up");
        });
        assertThat(DaemonFixture.get(daemon, "/health", null).body()).doesNotContain(token);
    }

    @Test
    void metricsUseRedisExporterNamesAndPassPromtool() throws Exception {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> DaemonFixture.get(daemon, "/metrics", token).body().contains("redis_memory_used_bytes"));
        String body = DaemonFixture.get(daemon, "/metrics", token).body();
        String master = topology.master().toString();
        assertThat(body)
                .contains("redis_up{addr=\"" + master + "\"} 1")
                .contains("redis_memory_used_bytes{addr=\"" + master + "\"}")
                .contains("redis_keyspace_hits_total{addr=\"" + master + "\"}")
                .contains("redis_connected_slaves{addr=\"" + master + "\"} 2")
                .contains("redis_sentinel_tilt{addr=")
                .contains("steward_alerts_firing ")
                .contains("steward_job_runs_total{job=\"metrics\"}")
                .doesNotContain(token);
        Path file = home.resolve("metrics.txt");
        Files.writeString(file, body);
        Process promtool = new ProcessBuilder("promtool", "check", "metrics")
                .redirectInput(file.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue())
                .as("promtool check metrics: %s", output)
                .isZero();
    }

    @Test
    void backupTriggeredThroughTheApiAppearsInTheList() throws IOException {
        HttpResponse<String> started = DaemonFixture.post(daemon, "/api/backups?type=rdb", token);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode list = json(DaemonFixture.get(daemon, "/api/backups", token));
            assertThat(list).isNotEmpty();
            assertThat(list.get(0).get("keys").asLong()).isGreaterThanOrEqualTo(0);
        });
        assertThat(DaemonFixture.get(daemon, "/metrics", token).body()).contains("steward_backup_last_size_bytes ");
    }

    @Test
    void verifyRunsInTheBackgroundWithProgressReadableFromTheApi() throws IOException {
        String id = backupId();

        HttpResponse<String> asked = DaemonFixture.post(daemon, "/api/backups/" + id + "/verify", token);

        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(asked.body());
        String jobId = job.get("id").asText();
        assertThat(job.get("backup").asText()).isEqualTo(id);
        assertThat(job.get("state").asText()).isIn("queued", "running", "passed");
        assertThat(asked.headers().firstValue("Location")).hasValue("/api/verifications/" + jobId);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(json(DaemonFixture.get(daemon, "/api/verifications/" + jobId, token))
                                .get("state")
                                .asText())
                        .isEqualTo("passed"));
        JsonNode done = json(DaemonFixture.get(daemon, "/api/verifications/" + jobId, token));
        assertThat(done.at("/progress/fraction").asDouble()).isEqualTo(1.0);
        long storedBytes = 0;
        for (JsonNode backup : json(DaemonFixture.get(daemon, "/api/backups", token))) {
            if (backup.get("id").asText().equals(id)) {
                storedBytes = backup.get("storedBytes").asLong();
            }
        }
        assertThat(done.at("/progress/bytes").asLong()).isPositive().isEqualTo(storedBytes);
        assertThat(done.at("/progress/totalBytes").asLong()).isEqualTo(storedBytes);
        assertThat(done.at("/result/passed").asBoolean()).as(done.toString()).isTrue();
        assertThat(json(DaemonFixture.get(daemon, "/api/verifications", token)).findValuesAsText("id"))
                .contains(jobId);
        assertThat(DaemonFixture.get(daemon, "/api/verifications/verify-0", token)
                        .statusCode())
                .isEqualTo(404);
        assertThat(DaemonFixture.post(daemon, "/api/backups/no-such-backup/verify", token)
                        .statusCode())
                .isEqualTo(404);
    }

    /** The newest backup, taking one first when there is none. */
    private String backupId() throws IOException {
        if (json(DaemonFixture.get(daemon, "/api/backups", token)).isEmpty()) {
            DaemonFixture.post(daemon, "/api/backups?type=rdb", token);
            await().atMost(Duration.ofSeconds(60)).until(() -> !json(DaemonFixture.get(daemon, "/api/backups", token))
                    .isEmpty());
        }
        return json(DaemonFixture.get(daemon, "/api/backups", token))
                .get(0)
                .get("id")
                .asText();
    }

    @Test
    void everyApiEndpointAnswersWithJson() throws IOException {
        for (String path : new String[] {
            "/api/health",
            "/api/alerts",
            "/api/events",
            "/api/slowlog",
            "/api/latency",
            "/api/backups",
            "/api/capacity",
            "/api/memory",
            "/api/jobs",
            "/api/verifications",
            "/api/series?field=hit_ratio&minutes=5"
        }) {
            HttpResponse<String> response = DaemonFixture.get(daemon, path, token);
            assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body())).as(path).isNotNull();
        }
        assertThat(json(DaemonFixture.get(daemon, "/api/jobs", token)).findValuesAsText("name"))
                .contains(
                        "metrics", "health", "history-maintenance", "memory-check", "trends", "capacity", "backup-rdb");
    }

    @Test
    void sessionCookieHoldsNoTokenAndCrossOriginPostsAreRefused() throws Exception {
        HttpResponse<String> login = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(daemon.url().resolve("/login"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("steward_session_" + daemon.port() + "=")
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .doesNotContain(token);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> read = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(daemon.url().resolve("/api/topology"))
                                .header("Cookie", cookie)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));

        HttpResponse<String> forged = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(daemon.url().resolve("/api/backups?type=rdb"))
                                .header("Cookie", cookie)
                                .header("Origin", "http://127.0.0.1:1")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void aTakenPortIsAOneLineErrorAndLeavesNothingOpen(@TempDir Path otherHome) throws IOException {
        // another home: the daemon of this class holds the lock of its own (one daemon per home)
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> StewardDaemon.start(
                            DaemonFixture.config(topology, home, AlertsConfig.DEFAULT),
                            otherHome,
                            new DaemonOptions("127.0.0.1", taken.getLocalPort(), Clock.systemUTC())))
                    .isInstanceOf(StewardException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--port");
        }
    }

    @Test
    void aSecondDaemonOnTheSameHomeIsRefusedNamingTheFirst() {
        assertThatThrownBy(() -> StewardDaemon.start(
                        DaemonFixture.config(topology, home, AlertsConfig.DEFAULT),
                        home,
                        new DaemonOptions("127.0.0.1", 0, Clock.systemUTC())))
                .isInstanceOf(StewardException.class)
                .hasMessageContaining("a Steward daemon already runs for " + home)
                .hasMessageContaining("pid " + ProcessHandle.current().pid())
                .hasMessageContaining(daemon.url().toString());
    }

    @Test
    void badQueryParametersGet400WithTheReason() {
        HttpResponse<String> response = DaemonFixture.get(daemon, "/api/series?field=nope", token);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("field must be one of");
        assertThat(DaemonFixture.get(daemon, "/api/events?hours=0", token).statusCode())
                .isEqualTo(400);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}

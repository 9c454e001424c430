package io.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.steward.HostAndPort;
import io.steward.monitor.alert.AlertRules;
import io.steward.ops.config.AlertsConfig;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kill -9 of the master while the daemon watches: event, alert, webhook and API all follow. */
@RedisTopology(mode = TopologyMode.SENTINEL)
class DaemonFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private HttpServer receiver;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                received.add(
                        JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void killingTheMasterRaisesFailoverEventAndAlertAndTheApiShowsTheNewMaster(LocalTopology topology)
            throws IOException {
        topology.awaitHealthy(Duration.ofSeconds(30));
        URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        AlertsConfig alerts =
                AlertsConfig.builder().notifier(AlertsConfig.Notifier.of(hook)).build();
        HostAndPort oldMaster = topology.master();
        try (StewardDaemon daemon = DaemonFixture.start(DaemonFixture.config(topology, home, alerts), home)) {
            String token = DaemonFixture.token(home);
            await().atMost(Duration.ofSeconds(20)).until(() -> oldMaster
                    .toString()
                    .equals(topologyJson(daemon, token).path("master").asText()));

            topology.node(oldMaster).kill();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                String master = topologyJson(daemon, token).path("master").asText();
                assertThat(master).isNotEmpty().isNotEqualTo(oldMaster.toString());
            });
            String newMaster = topologyJson(daemon, token).path("master").asText();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode events = json(DaemonFixture.get(daemon, "/api/events?hours=1", token));
                assertThat(events.findValuesAsText("kind")).contains("switch_master");
                assertThat(events.toString()).contains("from " + oldMaster + " to " + newMaster);
                JsonNode history =
                        json(DaemonFixture.get(daemon, "/api/alerts", token)).get("history");
                assertThat(history.toString()).contains(AlertRules.FAILOVER_HAPPENED);
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(received)
                    .filteredOn(n ->
                            AlertRules.FAILOVER_HAPPENED.equals(n.path("rule").asText()))
                    .extracting(n -> n.path("status").asText())
                    .contains("firing", "resolved"));
            JsonNode down =
                    json(DaemonFixture.get(daemon, "/api/topology", token)).get("nodes");
            assertThat(down.toString()).contains(oldMaster.toString());
        }
    }

    private static JsonNode topologyJson(StewardDaemon daemon, String token) throws IOException {
        return json(DaemonFixture.get(daemon, "/api/topology", token));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

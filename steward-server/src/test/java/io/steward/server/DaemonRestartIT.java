package io.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.client.StewardClient;
import io.steward.ops.config.AlertThresholds;
import io.steward.ops.config.AlertsConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon saw outlives it: a second daemon on the same home lists the first one's alerts. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class DaemonRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = "too-many-connections";

    @Test
    void alertHistoryAndEventsSurviveARestart(LocalTopology topology, @TempDir Path home) throws IOException {
        // more than one client fires at once: the daemon's own connections and this test's are two or more
        AlertsConfig touchy = AlertsConfig.builder()
                .thresholds(AlertThresholds.builder().maxConnectedClients(1).build())
                .override(RULE, AlertsConfig.RuleOverride.of(Duration.ofSeconds(1), null)) // pending first, then firing
                .build();
        StewardConfig firing = DaemonFixture.config(topology, home, touchy);
        String firedAt;
        try (StewardClient client =
                        StewardClient.createForNodes(firing.clientOptions().build());
                StatefulRedisConnection<String, String> extra = client.connectNode(topology.master())) {
            assertThat(extra.sync().ping()).isEqualTo("PONG");
            try (StewardDaemon first = DaemonFixture.start(firing, home)) {
                String token = DaemonFixture.token(home);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !firings(first, token).isEmpty());
                firedAt = firings(first, token).get(0).get("at").asText();
                await().atMost(Duration.ofSeconds(30)).until(() -> alertEvents(first, token) > 0);
            }
        }

        // with default thresholds the rule cannot fire again: whatever is listed was kept from the first run
        try (StewardDaemon second =
                DaemonFixture.start(DaemonFixture.config(topology, home, AlertsConfig.DEFAULT), home)) {
            String token = DaemonFixture.token(home);
            assertThat(firings(second, token))
                    .extracting(t -> t.get("at").asText())
                    .contains(firedAt);
            assertThat(alertEvents(second, token)).isPositive();
            assertThat(JSON.readTree(DaemonFixture.get(second, "/api/alerts", token)
                                    .body())
                            .path("history"))
                    .as("pending alone never fired: not kept, or it would read pending forever")
                    .noneMatch(t -> "pending".equals(t.path("kind").asText()));
            assertThat(JSON.readTree(DaemonFixture.get(second, "/api/alerts", token)
                                    .body())
                            .get("active"))
                    .noneMatch(a -> a.get("rule").asText().equals(RULE));
        }
    }

    /** The {@code firing} transitions of the rule in {@code /api/alerts} history. */
    private static List<JsonNode> firings(StewardDaemon daemon, String token) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : JSON.readTree(
                        DaemonFixture.get(daemon, "/api/alerts", token).body())
                .path("history")) {
            if (RULE.equals(t.path("rule").asText())
                    && "firing".equals(t.path("kind").asText())) {
                out.add(t);
            }
        }
        return out;
    }

    /** Alert events of the rule on {@code /api/events}. */
    private static long alertEvents(StewardDaemon daemon, String token) throws IOException {
        long count = 0;
        for (JsonNode e :
                JSON.readTree(DaemonFixture.get(daemon, "/api/events", token).body())) {
            if ("alert".equals(e.path("kind").asText())
                    && e.path("detail").asText().startsWith(RULE + " firing")) {
                count++;
            }
        }
        return count;
    }
}

package io.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.HostAndPort;
import io.steward.monitor.alert.AlertRules;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster master killed while the daemon watches: its slot watch records the new master and alerts. */
@RedisTopology(mode = TopologyMode.CLUSTER)
class DaemonClusterFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void killingAClusterMasterRecordsTheNewMasterOfItsSlotsAndFiresTheFailoverAlert(
            LocalTopology topology, @TempDir Path home) throws IOException {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardDaemon daemon = DaemonFixture.start(topology, home)) {
            String token = DaemonFixture.token(home);
            await("the cluster collected").atMost(Duration.ofSeconds(30)).until(() -> "ok"
                    .equals(json(daemon, "/api/topology", token)
                            .path("clusterState")
                            .asText()));
            HostAndPort killed = topology.master();

            Instant killedAt = Instant.now();
            topology.node(killed).kill();

            List<JsonNode> failovers = await("a failover event")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> failoverEvents(daemon, token), list -> !list.isEmpty());
            JsonNode event = failovers.get(0);
            assertThat(event.path("detail").asText())
                    .matches("new master 127\\.0\\.0\\.1:\\d+ for slots [0-9 -]+ \\(was " + killed + "\\)");
            assertThat(event.path("node").asText()).isNotEqualTo(killed.toString());
            Instant seenAt = Instant.parse(event.path("at").asText());
            JsonNode firing = await("the failover alert fired")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> failoverTransitions(daemon, token, "firing"), list -> !list.isEmpty())
                    .get(0);
            assertThat(Duration.between(seenAt, Instant.parse(firing.path("at").asText())))
                    .isBetween(Duration.ofSeconds(-1), Duration.ofSeconds(1));
            assertThat(failovers).as("one failover for one killed master").hasSize(1);
            assertThat(failoverTransitions(daemon, token, "firing")).hasSize(1);
            // for the record: the node timeout (1.5 s in development) plus the election, plus up to one poll
            System.out.printf(
                    "cluster failover seen %d ms after the kill%n",
                    Duration.between(killedAt, seenAt).toMillis());
        }
    }

    private static List<JsonNode> failoverEvents(StewardDaemon daemon, String token) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        json(daemon, "/api/events?hours=1", token).forEach(e -> {
            if ("failover".equals(e.path("kind").asText())) {
                out.add(e);
            }
        });
        return out;
    }

    private static List<JsonNode> failoverTransitions(StewardDaemon daemon, String token, String kind)
            throws IOException {
        List<JsonNode> out = new ArrayList<>();
        json(daemon, "/api/alerts", token).path("history").forEach(t -> {
            if (AlertRules.FAILOVER_HAPPENED.equals(t.path("rule").asText())
                    && kind.equals(t.path("kind").asText())) {
                out.add(t);
            }
        });
        return out;
    }

    private static JsonNode json(StewardDaemon daemon, String path, String token) throws IOException {
        HttpResponse<String> response = DaemonFixture.get(daemon, path, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

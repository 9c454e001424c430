package io.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon watching a six-node cluster: every node is collected and the cluster state exported. */
@RedisTopology(mode = TopologyMode.CLUSTER)
class DaemonClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyClusterNodeIsCollectedAndClusterStateIsExported(LocalTopology topology, @TempDir Path home) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        try (StewardDaemon daemon = DaemonFixture.start(topology, home)) {
            String token = DaemonFixture.token(home);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode view = JSON.readTree(
                        DaemonFixture.get(daemon, "/api/topology", token).body());
                // path(): before the first collection round the fields are absent, which is a retry, not an error
                assertThat(view.path("clusterState").asText()).isEqualTo("ok");
                assertThat(view.path("nodes")).hasSize(6);
                assertThat(view.path("nodes").findValuesAsText("role"))
                        .containsOnly("master", "replica")
                        .contains("master", "replica");
            });
            String metrics = DaemonFixture.get(daemon, "/metrics", token).body();
            assertThat(metrics).contains("redis_cluster_state 1");
            for (LocalNode node : topology.redisNodes()) {
                assertThat(metrics).contains("redis_up{addr=\"" + node.endpoint() + "\"} 1");
            }
        }
    }
}

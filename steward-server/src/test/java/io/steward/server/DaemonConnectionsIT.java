package io.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.client.StewardClient;
import io.steward.ops.config.AlertsConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.info.InfoSnapshot;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's jobs talk to Redis over connections they keep: a health round opens none. */
@RedisTopology(mode = TopologyMode.STANDALONE)
class DaemonConnectionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthRoundsReuseTheirConnections(LocalTopology topology, @TempDir Path home) throws IOException {
        StewardConfig config = DaemonFixture.config(topology, home, AlertsConfig.DEFAULT);
        DaemonOptions options =
                new DaemonOptions("127.0.0.1", 0, Clock.systemUTC()).withHealthInterval(Duration.ofSeconds(1));
        try (StewardDaemon daemon = StewardDaemon.start(config, home, options);
                StewardClient client =
                        StewardClient.createForNodes(config.clientOptions().build());
                StatefulRedisConnection<String, String> counter = client.connectNode(topology.master())) {
            String token = DaemonFixture.token(home);
            await().atMost(Duration.ofSeconds(30)).until(() -> healthRuns(daemon, token) >= 2);
            long runs = healthRuns(daemon, token);
            long received = connectionsReceived(counter);

            await().atMost(Duration.ofSeconds(30)).until(() -> healthRuns(daemon, token) >= runs + 3);

            assertThat(connectionsReceived(counter))
                    .as("connections the node accepted over three more health rounds")
                    .isEqualTo(received);
        }
    }

    private static long healthRuns(StewardDaemon daemon, String token) throws IOException {
        for (JsonNode job :
                JSON.readTree(DaemonFixture.get(daemon, "/api/jobs", token).body())) {
            if ("health".equals(job.path("name").asText())) {
                return job.path("runs").asLong();
            }
        }
        return 0;
    }

    private static long connectionsReceived(StatefulRedisConnection<String, String> connection) {
        return InfoSnapshot.parse(connection.sync().info("stats"))
                .getLong("stats", "total_connections_received")
                .orElseThrow();
    }
}

package io.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.HostAndPort;
import io.steward.monitor.history.MetricField;
import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.history.Resolution;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A paused (SIGSTOP) node costs a collection round its own time budget, never the other nodes' samples. */
@RedisTopology(mode = TopologyMode.SENTINEL)
class DaemonPausedNodeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Rounds the other nodes must be sampled in while the replica stays paused. */
    private static final int ROUNDS = 5;

    @Test
    void pausedReplicaIsUnreachableWhileTheOtherNodesKeepBeingSampled(LocalTopology topology, @TempDir Path home)
            throws IOException {
        topology.awaitHealthy(Duration.ofSeconds(30));
        HostAndPort master = topology.master();
        LocalNode replica = topology.redisNodes().stream()
                .filter(n -> !n.endpoint().equals(master))
                .findFirst()
                .orElseThrow();
        List<String> others = topology.redisNodes().stream()
                .filter(n -> !n.endpoint().equals(replica.endpoint()))
                .map(n -> n.endpoint().toString())
                .toList();
        String paused = replica.endpoint().toString();

        try (StewardDaemon daemon = DaemonFixture.start(topology, home)) {
            String token = DaemonFixture.token(home);
            await().atMost(Duration.ofSeconds(30)).until(() -> upNodes(daemon, token) == 3);

            replica.pause();
            try {
                await("paused replica shown unreachable")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> {
                            JsonNode node = node(daemon, token, paused);
                            assertThat(node.path("up").asBoolean(true)).isFalse();
                            assertThat(node.path("error").asText()).contains("no answer within");
                        });
                Instant pausedSeen = Instant.now();

                // with the replica still paused, every round keeps sampling the others; a round that waited
                // on the paused node (its reconnect alone takes the client's 10 s command timeout) would not
                await("the other nodes sampled in " + ROUNDS + " rounds")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> {
                            for (String node : others) {
                                assertThat(samplesSince(home, node, pausedSeen))
                                        .as(node)
                                        .isGreaterThanOrEqualTo(ROUNDS);
                            }
                        });
                assertThat(node(daemon, token, paused).path("up").asBoolean(true))
                        .as("the paused replica is still unreachable")
                        .isFalse();
                assertThat(samplesSince(home, paused, pausedSeen)).isZero();
            } finally {
                replica.resume();
            }
            await("resumed replica collected again")
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(
                                    node(daemon, token, paused).path("up").asBoolean())
                            .isTrue());
        }
    }

    private static long upNodes(StewardDaemon daemon, String token) throws IOException {
        JsonNode nodes = topology(daemon, token).path("nodes");
        long up = 0;
        for (JsonNode node : nodes) {
            up += node.path("up").asBoolean() ? 1 : 0;
        }
        return up;
    }

    private static JsonNode node(StewardDaemon daemon, String token, String address) throws IOException {
        for (JsonNode node : topology(daemon, token).path("nodes")) {
            if (address.equals(node.path("address").asText())) {
                return node;
            }
        }
        return JSON.missingNode();
    }

    private static JsonNode topology(StewardDaemon daemon, String token) throws IOException {
        return JSON.readTree(DaemonFixture.get(daemon, "/api/topology", token).body());
    }

    /** Samples of {@code node} in the daemon's history file taken after {@code since}. */
    private static int samplesSince(Path home, String node, Instant since) {
        try (MetricsHistory history =
                MetricsHistory.open(home.resolve(MetricsHistory.DEFAULT_FILE_NAME), Clock.systemUTC())) {
            return history.series(node, MetricField.USED_MEMORY, since, Instant.now(), Resolution.RAW)
                    .size();
        }
    }
}

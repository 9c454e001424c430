package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a failover, {@code down} and {@code up} bring back the deployment as Sentinel left it: the
 * promoted replica is still the master, and {@code up} reports it as such.
 */
class RestartAfterFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void upAfterFailoverKeepsAndReportsThePromotedMaster(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        int base = FreePorts.portBase(TopologyMode.SENTINEL);
        String first = DeploymentPlan.local(TopologyMode.SENTINEL, Profile.DEVELOPMENT, false, base)
                .redisNodes()
                .get(0)
                .toString();
        String h = home.toString();
        try {
            CliRun up = CliRun.of("--home", h, "up", "-d", "--port-base", String.valueOf(base));
            assertThat(up.exitCode()).as(up.toString()).isZero();
            int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
            long pid = Long.parseLong(Files.readString(home.resolve("nodes/" + port + "/redis.pid"))
                    .strip());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode status =
                        JSON.readTree(CliRun.of("--home", h, "--json", "status").out());
                boolean promoted = false;
                boolean rejoined = false;
                for (JsonNode node : status.get("nodes")) {
                    promoted |= !node.get("endpoint").asText().equals(first)
                            && "master".equals(node.get("role").asText());
                    rejoined |= node.get("endpoint").asText().equals(first)
                            && "replica".equals(node.get("role").asText());
                }
                return promoted && rejoined;
            });
            assertThat(CliRun.of("--home", h, "down").exitCode()).isZero();

            CliRun again = CliRun.of("--home", h, "--json", "up", "-d");

            assertThat(again.exitCode()).as(again.toString()).isZero();
            JsonNode masters = JSON.readTree(again.out()).get("masters");
            assertThat(masters).hasSize(1);
            assertThat(masters.get(0).asText()).isNotEqualTo(first);
            CliRun health = CliRun.of("--home", h, "health");
            assertThat(health.exitCode()).as(health.toString()).isZero();
        } finally {
            CliRun.of("--home", h, "down");
        }
    }
}

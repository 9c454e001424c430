package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.HostAndPort;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalNode;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** After kill -9 of the master, {@code health} names the new master and the old one rejoins as a replica. */
@RedisTopology(mode = TopologyMode.SENTINEL)
class SentinelFailoverCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthNamesNewMasterAfterKillAndOldMasterRejoinsAsReplica(LocalDeployment topology) throws Exception {
        ConfigWriter.write(
                LocalConfig.of(topology.plan(), topology.home()),
                topology.home().resolve("steward.yaml"));
        HostAndPort oldMaster = topology.master();
        LocalNode victim = topology.node(oldMaster);

        victim.kill();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> !oldMaster.equals(topology.master()));
        HostAndPort newMaster = topology.master();
        await().atMost(Duration.ofSeconds(60)).until(() -> "replica".equals(topology.roleOf(oldMaster)));
        topology.awaitHealthy(Duration.ofSeconds(60));

        CliRun health = CliRun.of("--home", topology.home().toString(), "--json", "health", "--component", "sentinel");
        JsonNode agreement = null;
        for (JsonNode check : JSON.readTree(health.out()).get("checks")) {
            if (check.get("name").asText().equals("master-agreement")) {
                agreement = check;
            }
        }
        assertThat(agreement).as(health.toString()).isNotNull();
        assertThat(agreement.get("severity").asText()).isEqualTo("ok");
        assertThat(agreement.get("detail").asText()).contains(newMaster.toString());
    }

    @Test
    void statusCallsReplicasReplicaNeverSlave(LocalDeployment topology) throws Exception {
        String home = topology.home().toString();

        CliRun text = CliRun.of("--home", home, "status");
        CliRun json = CliRun.of("--home", home, "--json", "status");

        assertThat(text.out()).as(text.toString()).contains(" replica").doesNotContain("slave");
        assertThat(json.out()).doesNotContain("slave");
        long replicas = 0;
        for (JsonNode node : JSON.readTree(json.out()).get("nodes")) {
            replicas += "replica".equals(node.get("role").asText()) ? 1 : 0;
        }
        assertThat(replicas).as(json.toString()).isEqualTo(2);
    }
}

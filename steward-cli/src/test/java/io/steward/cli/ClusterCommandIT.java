package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.ConfigWriter;
import io.steward.ops.config.StewardConfig;
import io.steward.provision.LocalDeployment;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import io.steward.test.SpareNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward cluster ...} as a user runs it, on one real 3 + 3 cluster. */
@RedisTopology(mode = TopologyMode.CLUSTER)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEYS = 30_000;

    @BeforeAll
    static void writeConfig(LocalDeployment topology) {
        ConfigWriter.write(
                LocalConfig.of(topology.plan(), topology.home()),
                topology.home().resolve("steward.yaml"));
    }

    @Test
    @Order(1)
    void checkJsonReportsWarningsForSameHostReplicasAndExitsOne(LocalDeployment topology) throws Exception {
        CliRun run = CliRun.of("--home", topology.home().toString(), "--json", "cluster", "check");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.DEGRADED);
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("verdict").asText()).isEqualTo("warnings");
        assertThat(json.get("nodes")).hasSize(6);
        assertThat(json.get("findings").findValuesAsText("name"))
                .contains("slot-agreement", "slot-coverage", "open-slots", "replica-placement");
        assertThat(json.get("findings").get(0).fieldNames())
                .toIterable()
                .containsExactly("name", "severity", "target", "detail", "fix");
        assertThat(run.out()).doesNotContain(new String(topology.password("admin")));
    }

    @Test
    @Order(2)
    void badInputIsOneLineAndChangesNothing(LocalDeployment topology, @TempDir Path other) {
        String home = topology.home().toString();
        HostAndPort master = topology.master();

        CliRun removeMaster = CliRun.of("--home", home, "cluster", "remove-node", master.toString(), "--confirm");
        assertThat(removeMaster.exitCode()).as(removeMaster.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(removeMaster.err().strip().lines()).singleElement().satisfies(line -> assertThat(line)
                .contains(master + " is a master serving", "--drain"));

        CliRun unknown = CliRun.of("--home", home, "cluster", "failover", "127.0.0.1:1", "--confirm");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.err()).contains("127.0.0.1:1 is not a node of this cluster; known:");

        CliRun badBy = CliRun.of("--home", home, "cluster", "rebalance", "--by", "cpu");
        assertThat(badBy.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badBy.err()).contains("--by: unknown 'cpu'; allowed: slots, memory");

        CliRun noConfirm = CliRun.of(
                "--home", home, "cluster", "failover", replicaEndpoint(topology).toString());
        assertThat(noConfirm.exitCode()).isEqualTo(ExitCodes.DEGRADED);
        assertThat(noConfirm.out()).contains("would: CLUSTER FAILOVER", "Nothing changed");

        StewardConfig standalone = StewardConfig.builder(
                        io.steward.ops.config.TopologyConfig.standalone(HostAndPort.of("127.0.0.1", 6379)))
                .baseDir(other)
                .build();
        ConfigWriter.write(standalone, other.resolve("steward.yaml"));
        CliRun wrongMode = CliRun.of("--config", other.resolve("steward.yaml").toString(), "cluster", "check");
        assertThat(wrongMode.exitCode()).isEqualTo(ExitCodes.USAGE); // like sentinel and drill: a usage error
        assertThat(wrongMode.err()).contains("topology.mode: is standalone");

        assertThat(CliRun.of("--home", home, "cluster", "check").exitCode()).isEqualTo(ExitCodes.DEGRADED);
    }

    @Test
    @Order(3)
    void rebalanceKilledMidwayResumesAndLosesNoKey(LocalDeployment topology) throws Exception {
        String home = topology.home().toString();
        Path progress = topology.home().resolve("ha").resolve("rebalance.json");
        try (SpareNodes spare = SpareNodes.forTopology(topology, 1)) {
            HostAndPort newMaster = spare.endpoints().get(0);
            StewardConfig config = LocalConfig.of(topology.plan(), topology.home());
            try (StewardClient client =
                    StewardClient.create(config.clientOptions().build())) {
                Map<String, String> batch = new HashMap<>();
                for (int i = 0; i < KEYS; i++) {
                    batch.put("key:" + i, "value-" + i);
                    if (batch.size() == 500) {
                        batch.forEach(client.cluster()::set);
                        batch.clear();
                    }
                }
                CliRun add = CliRun.of("--home", home, "cluster", "add-node", newMaster.toString());
                assertThat(add.exitCode()).as(add.toString()).isZero();

                Process first = new ProcessBuilder(
                                ProcessHandle.current().info().command().orElse("java"),
                                "-jar",
                                Path.of("target", "steward.jar")
                                        .toAbsolutePath()
                                        .toString(),
                                "--home",
                                home,
                                "cluster",
                                "rebalance",
                                "--confirm",
                                "--pipeline",
                                "2",
                                "--pause-ms",
                                "20")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                try {
                    await().atMost(Duration.ofSeconds(120)).until(() -> nextMove(progress) >= 3);
                } finally {
                    first.destroyForcibly().waitFor();
                }
                int killedAt = nextMove(progress);
                assertThat(killedAt).isLessThan(4096);

                CliRun resumed = CliRun.of(
                        "--home",
                        home,
                        "--json",
                        "cluster",
                        "rebalance",
                        "--confirm",
                        "--pause-ms",
                        "0",
                        "--pipeline",
                        "200");

                assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
                JsonNode json = JSON.readTree(resumed.out());
                assertThat(json.get("state").asText()).isEqualTo("done");
                assertThat(json.get("resumed").asBoolean()).isTrue();
                assertThat(json.get("slotsMoved").asInt()).isEqualTo(4096);
                assertThat(Files.exists(progress)).isFalse();
                for (int i = 0; i < KEYS; i++) {
                    assertThat(client.cluster().get("key:" + i)).as("key:" + i).isEqualTo("value-" + i);
                }
                assertThat(dbsizeOfMasters(topology, newMaster)).isEqualTo(KEYS);
            }
            CliRun check = CliRun.of("--home", home, "--json", "cluster", "check");
            JsonNode findings = JSON.readTree(check.out()).get("findings");
            for (JsonNode f : findings) {
                if (!f.get("name").asText().equals("replica-placement")
                        && !f.get("name").asText().equals("replicas")) {
                    assertThat(f.get("severity").asText()).as(f.toString()).isEqualTo("ok");
                }
            }
        }
    }

    private static int nextMove(Path progress) {
        try {
            return Files.exists(progress)
                    ? JSON.readTree(Files.readAllBytes(progress))
                            .get("nextMove")
                            .asInt()
                    : -1;
        } catch (java.io.IOException e) {
            return -1; // being replaced
        }
    }

    private static long dbsizeOfMasters(LocalDeployment topology, HostAndPort extra) {
        long total = 0;
        List<HostAndPort> nodes = new java.util.ArrayList<>(topology.plan().redisNodes());
        nodes.add(extra);
        for (HostAndPort node : nodes) {
            RedisClient lettuce = RedisClient.create(RedisURI.builder()
                    .withHost(node.host())
                    .withPort(node.port())
                    .withAuthentication("admin", topology.password("admin"))
                    .build());
            try (StatefulRedisConnection<String, String> c = lettuce.connect()) {
                if ("master".equals(c.sync().role().get(0))) {
                    total += c.sync().dbsize();
                }
            } finally {
                lettuce.shutdown();
            }
        }
        return total;
    }

    private static HostAndPort replicaEndpoint(LocalDeployment topology) {
        for (HostAndPort node : topology.plan().redisNodes()) {
            if ("replica".equals(topology.roleOf(node))) {
                return node;
            }
        }
        throw new IllegalStateException("no replica");
    }
}

package io.steward.ops.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.SENTINEL)
class HealthIT {

    @Test
    void shouldBeHealthyWhenSentinelTopologyIsHealthy(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(30));
        StewardConfig config = LocalConfigs.configFor(topology, "admin");

        try (StewardClient client = LocalConfigs.clientFor(config)) {
            HealthReport report = HealthMonitor.create(config, client).check();

            assertThat(report.problems()).isEmpty();
            assertThat(report.verdict()).isEqualTo(Severity.OK);
            assertThat(report.checks(Component.REDIS))
                    .extracting(HealthCheck::target)
                    .containsAll(topology.redisNodes().stream()
                            .map(n -> n.endpoint().toString())
                            .toList());
            assertThat(report.checks(Component.SENTINEL))
                    .extracting(HealthCheck::name)
                    .contains("ckquorum", "master-agreement", "sentinels", "tilt");
            assertThat(report.checks(Component.REDIS))
                    .filteredOn(c -> c.name().equals("default-user"))
                    .hasSize(3)
                    .allMatch(HealthCheck::isOk);
        }
    }

    @Test
    void shouldReportReplicationProblemWhenReplicaIsPaused(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(30));
        StewardConfig config = LocalConfigs.configFor(topology, "admin");
        HostAndPort master = topology.master();
        LocalNode replica = topology.redisNodes().stream()
                .filter(n -> !n.endpoint().equals(master))
                .findFirst()
                .orElseThrow();

        try (StewardClient client = LocalConfigs.clientFor(config)) {
            HealthMonitor monitor = HealthMonitor.create(config, client);
            replica.pause();
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    HealthReport report = monitor.check(Set.of(Component.REDIS));
                    assertThat(report.checks())
                            .filteredOn(c ->
                                    c.name().equals("replication") && c.target().equals(master.toString()))
                            .singleElement()
                            .satisfies(c -> assertThat(c.severity()).isEqualTo(Severity.WARN));
                    assertThat(report.checks())
                            .filteredOn(
                                    c -> c.target().equals(replica.endpoint().toString()))
                            .singleElement()
                            .satisfies(c -> {
                                assertThat(c.name()).isEqualTo("ping");
                                assertThat(c.severity()).isEqualTo(Severity.CRITICAL);
                            });
                    assertThat(report.verdict()).isEqualTo(Severity.CRITICAL);
                });
            } finally {
                replica.resume();
            }
            topology.awaitHealthy(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            monitor.check(Set.of(Component.REDIS)).problems())
                    .isEmpty());
        }
    }

    @Test
    void shouldNotCountReplicationClientAsReplicaWhenOneStreamsFromTheMaster(LocalTopology topology) throws Exception {
        topology.awaitHealthy(Duration.ofSeconds(30));
        StewardConfig config = LocalConfigs.configFor(topology, "admin");
        HostAndPort master = topology.master();
        ProcessBuilder replicaClient = new ProcessBuilder(
                        "redis-cli",
                        "--user",
                        "admin",
                        "-h",
                        master.host(),
                        "-p",
                        Integer.toString(master.port()),
                        "--replica")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        replicaClient
                .environment()
                .put(
                        "REDISCLI_AUTH",
                        Files.readString(topology.passwordFile("admin")).strip());
        Process streaming = replicaClient.start();
        try (StewardClient client = LocalConfigs.clientFor(config)) {
            HealthMonitor monitor = HealthMonitor.create(config, client);
            // Sentinel learns of the master's slaveN lines from INFO every 10 s and lists the client too
            await().atMost(Duration.ofSeconds(60)).until(() -> sentinelReplicaCount(client, topology) == 3);

            HealthReport report = monitor.check();

            assertThat(report.problems()).isEmpty();
            assertThat(report.checks())
                    .filteredOn(
                            c -> c.name().equals("replication") && c.target().equals(master.toString()))
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.measured()).containsEntry("replicas", 2L);
                        assertThat(c.measured()).containsEntry("replication_clients", 1L);
                    });
            assertThat(report.checks(Component.SENTINEL))
                    .filteredOn(c -> c.name().equals("failover-target"))
                    .allSatisfy(c -> assertThat(c.measured()).containsEntry("replicas", 2L));
        } finally {
            streaming.destroy();
            streaming.waitFor();
        }
    }

    private static int sentinelReplicaCount(StewardClient client, LocalTopology topology) {
        try (StatefulRedisSentinelConnection<String, String> sentinel =
                client.connectSentinel(topology.sentinels().get(0).endpoint())) {
            return Integer.parseInt(
                    sentinel.sync().master(topology.masterName()).get("num-slaves"));
        }
    }
}

package io.steward.ops.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.info.InfoSnapshot;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    void pooledMonitorOpensNoConnectionAfterItsFirstCheck(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(30));
        StewardConfig config = LocalConfigs.configFor(topology, "admin");
        List<HostAndPort> nodes =
                topology.redisNodes().stream().map(LocalNode::endpoint).toList();
        List<HostAndPort> sentinels =
                topology.sentinels().stream().map(LocalNode::endpoint).toList();

        try (StewardClient client = LocalConfigs.clientFor(config);
                ConnectionCounters counters = new ConnectionCounters(client, nodes, sentinels);
                HealthMonitor.Pooled monitor = HealthMonitor.pooled(config, client, Clock.systemUTC())) {
            assertThat(monitor.check().problems()).isEmpty();
            Map<HostAndPort, Long> afterFirst = counters.read();

            for (int round = 0; round < 3; round++) {
                assertThat(monitor.check().problems()).isEmpty();
            }

            assertThat(counters.read()).isEqualTo(afterFirst);
            // the counters do see a check that opens connections of its own
            HealthMonitor.create(config, client).check();
            assertThat(counters.read())
                    .allSatisfy((server, received) -> assertThat(received).isGreaterThan(afterFirst.get(server)));
        }
    }

    /** {@code total_connections_received} of each server, read over connections opened once, up front. */
    private static final class ConnectionCounters implements AutoCloseable {

        private final Map<HostAndPort, StatefulRedisConnection<String, String>> nodes = new LinkedHashMap<>();
        private final Map<HostAndPort, StatefulRedisSentinelConnection<String, String>> sentinels =
                new LinkedHashMap<>();

        ConnectionCounters(StewardClient client, List<HostAndPort> nodes, List<HostAndPort> sentinels) {
            nodes.forEach(n -> this.nodes.put(n, client.connectNode(n)));
            sentinels.forEach(s -> this.sentinels.put(s, client.connectSentinel(s)));
        }

        Map<HostAndPort, Long> read() {
            Map<HostAndPort, Long> received = new LinkedHashMap<>();
            nodes.forEach((n, c) -> received.put(n, total(c.sync().info("stats"))));
            sentinels.forEach((s, c) -> received.put(s, total(c.sync().info("stats"))));
            return received;
        }

        private static long total(String info) {
            return InfoSnapshot.parse(info)
                    .get("stats", "total_connections_received")
                    .map(Long::parseLong)
                    .orElseThrow();
        }

        @Override
        public void close() {
            nodes.values().forEach(StatefulRedisConnection::close);
            sentinels.values().forEach(StatefulRedisSentinelConnection::close);
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

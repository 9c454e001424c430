package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ha.sentinel.SentinelAdmin;
import io.steward.ops.config.ConfigWriter;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalNode;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward sentinel ...} run through the real command line against a local Sentinel deployment. */
@RedisTopology(mode = TopologyMode.SENTINEL)
class SentinelCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String home;
    private static StewardConfig config;

    @BeforeAll
    static void writeConfig(LocalDeployment topology) {
        config = LocalConfig.of(topology.plan(), topology.home());
        ConfigWriter.write(config, topology.home().resolve("steward.yaml"));
        home = topology.home().toString();
    }

    /** Healthy as the Sentinels see it too (they clear a flag only at their next PING). */
    @BeforeEach
    void healthy(LocalDeployment topology) {
        topology.awaitHealthy(Duration.ofSeconds(90));
        try (StewardClient client =
                StewardClient.createForNodes(config.clientOptions().build())) {
            SentinelAdmin admin = SentinelAdmin.of(config, client);
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> admin.status().findings().isEmpty());
        }
    }

    @Test
    void statusJsonShowsAgreementQuorumAndReplicasAndExitsZero(LocalDeployment topology) throws Exception {
        CliRun run = CliRun.of("--home", home, "--json", "sentinel", "status");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("verdict").asText()).isEqualTo("ok");
        assertThat(json.get("agreed").asBoolean()).isTrue();
        assertThat(json.get("quorumOk").asBoolean()).isTrue();
        assertThat(json.get("master").asText()).isEqualTo(topology.master().toString());
        assertThat(json.get("sentinels")).hasSize(3);
        assertThat(json.get("sentinels").get(0).get("configEpoch").isNumber()).isTrue();
        assertThat(json.get("replicas")).hasSize(2);
        for (JsonNode replica : json.get("replicas")) {
            assertThat(replica.get("connected").asBoolean()).isTrue();
            assertThat(replica.get("offsetLagBytes").asLong()).isGreaterThanOrEqualTo(0);
        }
        assertThat(run.out()).doesNotContain(new String(topology.password("sentinel")));
    }

    @Test
    void validateExitsOneWithOnlyTheLocalHostWarningAndTwoForQuorumAboveMajority(LocalDeployment topology)
            throws Exception {
        CliRun healthy = CliRun.of("--home", home, "--json", "sentinel", "validate");

        assertThat(healthy.exitCode()).as(healthy.toString()).isEqualTo(ExitCodes.DEGRADED);
        List<String> problems = JSON.readTree(healthy.out()).get("findings").findParents("severity").stream()
                .filter(f -> !f.get("severity").asText().equals("info"))
                .map(f -> f.get("check").asText())
                .toList();
        assertThat(problems).containsExactly("sentinel-hosts");

        try {
            onEverySentinel(topology, s -> s.set(topology.masterName(), "quorum", "3"));

            CliRun broken = CliRun.of("--home", home, "sentinel", "validate");

            assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(broken.out()).contains("quorum 3").contains("fix: SENTINEL SET");
        } finally {
            onEverySentinel(topology, s -> s.set(topology.masterName(), "quorum", "2"));
        }
    }

    @Test
    void resetWithoutConfirmChangesNothingAndWithConfirmClearsAPhantomEntry(LocalDeployment topology) throws Exception {
        HostAndPort master = topology.master();
        Process streaming = streamReplication(topology, master);
        try {
            await().atMost(WAIT).until(() -> staleCount() == 3); // each Sentinel picks the port-0 entry up from INFO
        } finally {
            streaming.destroyForcibly();
            streaming.waitFor(30, TimeUnit.SECONDS);
        }

        CliRun plan = CliRun.of("--home", home, "sentinel", "reset");

        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(ExitCodes.DEGRADED);
        assertThat(plan.out()).contains(":0").contains("Nothing was changed");
        assertThat(staleCount()).isEqualTo(3);

        CliRun reset = CliRun.of("--home", home, "--json", "sentinel", "reset", "--confirm");

        assertThat(reset.exitCode()).as(reset.toString()).isZero();
        JsonNode json = JSON.readTree(reset.out());
        assertThat(json.get("succeeded").asBoolean()).isTrue();
        assertThat(json.get("steps")).hasSize(3);
        assertThat(staleCount()).isZero();
    }

    @Test
    void sentinelCommandsOnAStandaloneOrClusterDeploymentAreAUsageError(@TempDir Path tmp) {
        Path standalone = tmp.resolve("standalone.yaml");
        ConfigWriter.write(
                StewardConfig.builder(TopologyConfig.standalone(HostAndPort.of("127.0.0.1", 1)))
                        .baseDir(tmp)
                        .build(),
                standalone);
        Path cluster = tmp.resolve("cluster.yaml");
        ConfigWriter.write(
                StewardConfig.builder(TopologyConfig.cluster(List.of(HostAndPort.of("127.0.0.1", 1))))
                        .baseDir(tmp)
                        .build(),
                cluster);

        CliRun failover = CliRun.of("--config", standalone.toString(), "sentinel", "failover");
        CliRun status = CliRun.of("--config", cluster.toString(), "sentinel", "status");

        assertThat(failover.exitCode()).as(failover.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(failover.err().strip())
                .doesNotContain("\n")
                .contains("topology.mode")
                .contains("no Sentinels");
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(status.err()).contains("topology.mode").contains("steward cluster");
    }

    @Test
    void badTimeoutIsAUsageErrorAndFailsNothingOver(LocalDeployment topology) {
        HostAndPort master = topology.master();

        CliRun run = CliRun.of("--home", home, "sentinel", "failover", "--confirm", "--timeout", "soon");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--timeout").contains("such as 10ms, 30s");
        assertThat(topology.master()).isEqualTo(master);
    }

    @Test
    void failoverWithoutConfirmPrintsThePlanChangesNothingAndExitsOne(LocalDeployment topology) throws Exception {
        HostAndPort master = topology.master();

        CliRun text = CliRun.of("--home", home, "sentinel", "failover");
        CliRun json = CliRun.of("--home", home, "--json", "sentinel", "failover");

        assertThat(text.exitCode()).as(text.toString()).isEqualTo(ExitCodes.DEGRADED);
        assertThat(text.out())
                .contains("Would fail over from master " + master)
                .contains(topology.sentinels().get(0).endpoint().toString())
                .contains("Nothing was changed");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.DEGRADED);
        JsonNode plan = JSON.readTree(json.out());
        assertThat(plan.get("confirmed").asBoolean()).isFalse();
        assertThat(plan.get("master").asText()).isEqualTo(master.toString());
        assertThat(plan.get("sentinelsAgree").asBoolean()).isTrue();
        assertThat(plan.get("askOrder")).hasSize(3);
        assertThat(plan.get("candidates")).hasSize(2);
        assertThat(topology.master()).isEqualTo(master);
    }

    @Test
    void failoverJsonNamesOldAndNewMasterAndTheTimeItTook(LocalDeployment topology) throws Exception {
        HostAndPort oldMaster = topology.master();

        CliRun run = CliRun.of("--home", home, "--json", "sentinel", "failover", "--confirm", "--timeout", "90s");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.get("oldMaster").asText()).isEqualTo(oldMaster.toString());
        assertThat(json.get("newMaster").asText())
                .isNotEqualTo(oldMaster.toString())
                .isEqualTo(topology.master().toString());
        assertThat(json.get("millis").asLong()).isPositive();
        List<String> sentinels = new java.util.ArrayList<>();
        json.get("sentinels").fieldNames().forEachRemaining(sentinels::add);
        assertThat(sentinels) // configuration order, the same every run
                .containsExactlyElementsOf(topology.sentinels().stream()
                        .map(s -> s.endpoint().toString())
                        .toList());
        await().atMost(WAIT).until(() -> "replica".equals(topology.roleOf(oldMaster)));
    }

    // ---- helpers ----

    private static int staleCount() throws Exception {
        CliRun run = CliRun.of("--home", home, "--json", "sentinel", "status");
        return JSON.readTree(run.out()).get("stale").size();
    }

    /** {@code redis-cli --replica} as the backup user: a replication client Sentinel lists with port 0. */
    private static Process streamReplication(LocalDeployment topology, HostAndPort master) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "redis-cli",
                        "-h",
                        master.host(),
                        "-p",
                        String.valueOf(master.port()),
                        "--user",
                        "backup",
                        "--replica")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // the password goes through the environment, never the command line
        builder.environment().put("REDISCLI_AUTH", new String(topology.password("backup")));
        return builder.start();
    }

    private static void onEverySentinel(
            LocalDeployment topology,
            Function<io.lettuce.core.sentinel.api.sync.RedisSentinelCommands<String, String>, ?> work) {
        try (StewardClient client =
                StewardClient.createForNodes(config.clientOptions().build())) {
            for (LocalNode s : topology.sentinels()) {
                try (StatefulRedisSentinelConnection<String, String> c = client.connectSentinel(s.endpoint())) {
                    work.apply(c.sync());
                }
            }
        }
    }
}

package io.steward.spring.boot.actuate;

import static io.steward.spring.boot.actuate.ActuatorTestSupport.detailsOf;
import static io.steward.spring.boot.actuate.ActuatorTestSupport.statusOf;
import static io.steward.spring.boot.actuate.ActuatorTestSupport.stewardAutoConfigurations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.KillArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Profile;
import io.steward.client.StewardClient;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code steward} health indicator against a real Sentinel deployment (1 master, 2 replicas, 3
 * sentinels), connecting as the ACL user {@code app}: UP while healthy, DEGRADED while the master is
 * paused (SIGSTOP: it accepts connections and answers nothing), still DEGRADED after Sentinel has promoted
 * a replica (the paused old master is now a replica that does not answer), UP again once it is resumed
 * and has rejoined as a replica in sync.
 */
@RedisTopology(mode = TopologyMode.SENTINEL)
class StewardHealthSentinelIT {

    @Test
    void shouldReportDegradedWhileMasterIsPausedAndUpAgainAfterResume(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        runnerFor(topology).run(context -> {
            assertThat(context).hasNotFailed();
            Object indicator = context.getBean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
            await("UP on a healthy deployment")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(statusOf(indicator)).isEqualTo("UP"));
            assertThat(detailsOf(indicator))
                    .containsEntry("mode", "sentinel")
                    .containsEntry("master", topology.master().toString())
                    .containsEntry("replicas", 2)
                    .containsEntry("replicasInSync", 2)
                    .doesNotContainKey("problems");

            HostAndPort oldMaster = topology.master();
            LocalNode master = topology.node(oldMaster);
            master.pause();
            try {
                await("DEGRADED while the master is paused")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(statusOf(indicator)).isEqualTo("DEGRADED"));
                // still DEGRADED once Sentinel has promoted a replica: the paused node is now a replica
                // that does not answer
                await("DEGRADED on the new master while the old one stays paused")
                        .atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> {
                            Map<String, Object> details = detailsOf(indicator);
                            assertThat(details.get("master")).isNotEqualTo(oldMaster.toString());
                            assertThat(statusOf(indicator)).isEqualTo("DEGRADED");
                            assertThat(details.get("problems").toString()).contains("replica " + oldMaster);
                        });
            } finally {
                master.resume();
            }
            await("UP again once the old master is back and in sync")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(statusOf(indicator)).isEqualTo("UP"));
            assertThat(detailsOf(indicator)).containsEntry("replicasInSync", 2);
        });
    }

    @Test
    void shouldReportDegradedNotDownWhenOnlyAReplicaRejectsTheCredentials(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        HostAndPort replica = topology.redisNodes().stream()
                .map(LocalNode::endpoint)
                .filter(e -> !e.equals(topology.master()))
                .findFirst()
                .orElseThrow();
        String appPassword = new String(topology.password("app"));
        try (StewardClient admin = StewardClient.createForNodes(ClientOptions.builder()
                        .profile(Profile.DEVELOPMENT)
                        .credentials("admin", topology.password("admin"))
                        .endpoint(replica)
                        .build());
                StatefulRedisConnection<String, String> connection = admin.connectNode(replica)) {
            runnerFor(topology).run(context -> {
                Object indicator = context.getBean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
                await("UP on a healthy deployment")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(statusOf(indicator)).isEqualTo("UP"));
                // ACL changes are not replicated: only this replica now rejects the app's password
                aclSetuser(connection, "app", "resetpass", ">not-the-app-password");
                try {
                    connection.sync().clientKill(KillArgs.Builder.user("app"));
                    await("DEGRADED while a replica rejects the credentials")
                            .atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> {
                                Map<String, Object> details = detailsOf(indicator);
                                assertThat(details.get("problems"))
                                        .asString()
                                        .contains("replica " + replica + ": " + replica + ": authentication failed");
                                assertThat(statusOf(indicator))
                                        .as("%s", details)
                                        .isEqualTo("DEGRADED");
                            });
                } finally {
                    aclSetuser(connection, "app", "resetpass", ">" + appPassword);
                }
                await("UP again once the replica accepts the credentials")
                        .atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(statusOf(indicator)).isEqualTo("UP"));
            });
        }
    }

    private static void aclSetuser(StatefulRedisConnection<String, String> connection, String... args) {
        CommandArgs<String, String> commandArgs = new CommandArgs<>(StringCodec.UTF8).add("SETUSER");
        for (String arg : args) {
            commandArgs.add(arg);
        }
        connection.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), commandArgs);
    }

    @Test
    void shouldNeverShowThePasswordInDetails(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(60));
        String password = new String(topology.password("app"));
        runnerFor(topology).run(context -> {
            Object indicator = context.getBean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
            assertThat(detailsOf(indicator).toString()).doesNotContain(password);
        });
    }

    static ApplicationContextRunner runnerFor(LocalTopology topology) {
        String sentinels = topology.sentinels().stream()
                .map(LocalNode::endpoint)
                .map(HostAndPort::toString)
                .collect(Collectors.joining(","));
        return new ApplicationContextRunner()
                .withConfiguration(stewardAutoConfigurations())
                .withPropertyValues(
                        "steward.mode=sentinel",
                        "steward.endpoints=" + sentinels,
                        "steward.master-name=" + topology.masterName(),
                        "steward.user=app",
                        "steward.password-file=" + topology.passwordFile("app"),
                        "steward.profile=development");
    }
}

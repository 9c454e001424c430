package io.steward.spring.boot.actuate;

import static io.steward.spring.boot.actuate.ActuatorTestSupport.detailsOf;
import static io.steward.spring.boot.actuate.ActuatorTestSupport.statusOf;
import static io.steward.spring.boot.actuate.ActuatorTestSupport.stewardAutoConfigurations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.HostAndPort;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code steward} health indicator against a real Redis Cluster (3 masters, 3 replicas): UP with
 * every slot covered and {@code cluster_state:ok}; DEGRADED while a replica is paused; UP after resume.
 */
@RedisTopology(mode = TopologyMode.CLUSTER)
class StewardHealthClusterIT {

    @Test
    void shouldReportSlotsCoveredAndDegradedWhileReplicaIsPaused(LocalTopology topology) {
        topology.awaitHealthy(Duration.ofSeconds(90));
        String seeds = topology.redisNodes().stream()
                .map(LocalNode::endpoint)
                .map(HostAndPort::toString)
                .collect(Collectors.joining(","));
        new ApplicationContextRunner()
                .withConfiguration(stewardAutoConfigurations())
                .withPropertyValues(
                        "steward.mode=cluster",
                        "steward.endpoints=" + seeds,
                        "steward.user=app",
                        "steward.password-file=" + topology.passwordFile("app"),
                        "steward.profile=development")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Object indicator = context.getBean(StewardActuatorAutoConfiguration.HEALTH_INDICATOR_BEAN);
                    await("UP on a healthy cluster")
                            .atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(statusOf(indicator)).isEqualTo("UP"));
                    Map<String, Object> details = detailsOf(indicator);
                    assertThat(details)
                            .containsEntry("mode", "cluster")
                            .containsEntry("clusterState", "ok")
                            .containsEntry("slotsCovered", StewardHealthCheck.CLUSTER_SLOTS)
                            .containsEntry("mastersAnswering", 3)
                            .containsEntry("replicas", 3)
                            .containsEntry("replicasInSync", 3);

                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> replicas = (List<Map<String, Object>>) details.get("replicaNodes");
                    LocalNode replica = topology.node(
                            HostAndPort.parse((String) replicas.get(0).get("endpoint")));
                    replica.pause();
                    try {
                        await("DEGRADED while a replica is paused")
                                .atMost(Duration.ofSeconds(30))
                                .untilAsserted(
                                        () -> assertThat(statusOf(indicator)).isEqualTo("DEGRADED"));
                    } finally {
                        replica.resume();
                    }
                    await("UP again after resume")
                            .atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(500))
                            .untilAsserted(() -> assertThat(statusOf(indicator)).isEqualTo("UP"));
                });
    }
}

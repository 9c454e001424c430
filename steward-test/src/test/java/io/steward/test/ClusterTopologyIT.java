package io.steward.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.HostAndPort;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalNode;
import io.steward.provision.TopologyMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.CLUSTER)
class ClusterTopologyIT {

    @Test
    void shouldCreateClusterWithThreeMastersAndThreeReplicas(LocalDeployment topology) {
        List<String> roles = topology.redisNodes().stream()
                .map(n -> topology.roleOf(n.endpoint()))
                .toList();

        assertThat(roles).containsExactlyInAnyOrder("master", "master", "master", "replica", "replica", "replica");
    }

    @Test
    void shouldFailOverKilledMasterAndRejoinItAsReplica(LocalDeployment topology) {
        HostAndPort victim = topology.master();
        LocalNode node = topology.node(victim);
        long oldPid = node.pid();

        node.kill();

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> node.isRunning() && node.pid() != oldPid && "replica".equals(topology.roleOf(victim)));
        topology.awaitHealthy(Duration.ofSeconds(60));
    }
}

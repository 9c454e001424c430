package io.steward.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.HostAndPort;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalNode;
import io.steward.provision.ProvisionException;
import io.steward.provision.TopologyMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.SENTINEL)
class SentinelTopologyIT {

    @Test
    void shouldPromoteReplicaAndRejoinOldMasterAsReplicaWhenMasterIsKilled(LocalDeployment topology) {
        HostAndPort oldMaster = topology.master();
        LocalNode killed = topology.node(oldMaster);
        long oldPid = killed.pid();

        killed.kill();

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptionsInstanceOf(ProvisionException.class)
                .until(() -> !oldMaster.equals(topology.master()));
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        killed.isRunning() && killed.pid() != oldPid && "replica".equals(topology.roleOf(oldMaster)));
        topology.awaitHealthy(Duration.ofSeconds(60));
        assertThat(topology.master()).isNotEqualTo(oldMaster);
    }
}

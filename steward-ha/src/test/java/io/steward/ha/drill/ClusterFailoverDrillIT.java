package io.steward.ha.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.provision.LocalDeployment;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A killed cluster master: a replica takes its slots over, and the drill reports every figure. */
@RedisTopology(mode = TopologyMode.CLUSTER)
class ClusterFailoverDrillIT {

    @Test
    void killedClusterMasterIsReplacedAndItsSlotsServedByTheNewMaster(LocalDeployment topology) {
        StewardConfig config = DrillConfigs.of(topology);
        DrillReport report = FailoverDrill.create(config, FaultTarget.of(topology), Clock.systemUTC())
                .run(DrillOptions.builder().mode(DrillMode.KILL).build(), DrillProgress.none());

        DrillRun run = report.runs().get(0);
        assertThat(run.switchMillis()).as(run.toString()).isNotNull();
        assertThat(run.newMaster()).isNotNull().isNotEqualTo(run.oldMaster());
        assertThat(run.sdownMillis()).isNotNull().isLessThanOrEqualTo(run.switchMillis());
        assertThat(run.odownMillis()).isNotNull().isLessThanOrEqualTo(run.switchMillis());
        assertThat(run.ackedWrites()).isPositive();
        assertThat(run.writeGapMillis()).isPositive();
        assertThat(run.oldMasterRejoined()).as(run.toString()).isTrue();
        assertThat(run.throughput().ackedPerSecond()).isPositive();
        try (StewardClient client =
                        StewardClient.createForNodes(config.clientOptions().build());
                StatefulRedisConnection<String, String> newMaster = client.connectNode(run.newMaster())) {
            // slot 0 was the old master's (the drill picks the master serving slot 0)
            assertThat(newMaster.sync().clusterCountKeysInSlot(0)).isNotNegative();
            assertThat(newMaster.sync().clusterNodes()).contains(run.newMaster() + "@");
            String myself = newMaster
                    .sync()
                    .clusterNodes()
                    .lines()
                    .filter(l -> l.contains("myself"))
                    .findFirst()
                    .orElseThrow();
            assertThat(myself).contains("master").containsPattern(" 0-\\d+");
        }
    }
}

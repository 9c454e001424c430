package io.steward.ha.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.info.ClusterNode;
import io.steward.provision.LocalDeployment;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Clock;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * A killed cluster master: a replica takes its slots over, and the drill reports every figure; durable
 * writers follow the switch of a paused master instead of waiting out the run's deadline.
 */
@RedisTopology(mode = TopologyMode.CLUSTER)
class ClusterFailoverDrillIT {

    @Test
    void killedClusterMasterIsReplacedAndItsSlotsServedByTheNewMaster(LocalDeployment topology) {
        StewardConfig config = DrillConfigs.of(topology);
        DrillReport report = FailoverDrill.create(config, FaultTarget.of(topology), Clock.systemUTC())
                .run(DrillOptions.builder().mode(DrillMode.KILL).build(), DrillProgress.none());

        DrillRun run = report.runs().get(0);
        assertThat(report.limits().failoverTimeoutMillis())
                .as("a cluster has no failover timeout")
                .isNull();
        assertThat(run.switchMillis()).as(run.toString()).isNotNull();
        assertThat(run.newMaster()).isNotNull().isNotEqualTo(run.oldMaster());
        assertThat(run.sdownMillis()).isNotNull().isLessThanOrEqualTo(run.switchMillis());
        assertThat(run.odownMillis()).isNotNull().isLessThanOrEqualTo(run.switchMillis());
        assertThat(run.ackedWrites()).isPositive();
        // writes to the killed master's slots stop at the kill and resume only at the switch
        assertThat(run.writeGapMillis()).as(run.toString()).isGreaterThanOrEqualTo(run.sdownMillis());
        assertThat(run.oldMasterRejoined()).as(run.toString()).isTrue();
        assertThat(run.throughput().ackedPerSecond()).isPositive();
        try (StewardClient client =
                        StewardClient.createForNodes(config.clientOptions().build());
                StatefulRedisConnection<String, String> newMaster = client.connectNode(run.newMaster())) {
            // slot 0 was the old master's (the drill picks the master serving slot 0)
            ClusterNode myself = ClusterNode.parse(newMaster.sync().clusterNodes()).stream()
                    .filter(ClusterNode::isMyself)
                    .findFirst()
                    .orElseThrow();
            assertThat(myself.isMaster()).isTrue();
            assertThat(myself.owns(0)).as(myself.toString()).isTrue();
        }
    }

    @Test
    @Disabled("known defect, open: durable cluster writers can keep failing (StewardException) after the switch of a"
            + " paused master until the run deadline (seen 16.5 s gap vs 3.1 s switch); see the issue 14 closing note")
    void durableWritersResumeAfterTheSwitchOfAPausedClusterMaster(LocalDeployment topology) {
        DrillReport report = FailoverDrill.create(
                        DrillConfigs.of(topology), FaultTarget.of(topology), Clock.systemUTC())
                .run(DrillOptions.builder().mode(DrillMode.PAUSE).durable(true).build(), DrillProgress.none());

        DrillRun run = report.runs().get(0);
        assertThat(run.switchMillis()).as(run.toString()).isNotNull();
        assertThat(run.lostAckedWrites()).as(run.toString()).isZero();
        assertThat(run.writeGapMillis())
                .as(run.toString())
                .isLessThan(run.switchMillis() + 10_000)
                .isLessThan(report.limits().runDeadlineMillis());
    }
}

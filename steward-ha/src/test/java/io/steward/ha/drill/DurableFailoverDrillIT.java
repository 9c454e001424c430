package io.steward.ha.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.provision.LocalDeployment;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * With {@code --durable}, five kills in a row lose no acknowledged write, and the cost shows as a ratio; in
 * pause mode the durable writers follow the switch instead of waiting out the run's deadline.
 */
@RedisTopology(mode = TopologyMode.SENTINEL)
class DurableFailoverDrillIT {

    @Test
    void durableWritesSurviveFiveKillsWithoutLoss(LocalDeployment topology) {
        DrillReport report = FailoverDrill.create(
                        DrillConfigs.of(topology), FaultTarget.of(topology), Clock.systemUTC())
                .run(
                        DrillOptions.builder()
                                .mode(DrillMode.KILL)
                                .runs(5)
                                .durable(true)
                                .build(),
                        DrillProgress.none());

        assertThat(report.runs()).hasSize(5);
        for (DrillRun run : report.runs()) {
            assertThat(run.durable()).isTrue();
            assertThat(run.switchMillis()).as(run.toString()).isNotNull();
            assertThat(run.ackedWrites()).as(run.toString()).isPositive();
            assertThat(run.lostAckedWrites()).as(run.toString()).isZero();
            assertThat(run.oldMasterRejoined()).as(run.toString()).isTrue();
            assertThat(run.throughput().plainAckedPerSecond()).isPositive();
            assertThat(run.throughput().durableRatio()).isPositive();
        }
        assertThat(report.summary().lostAckedWrites().max()).isZero();
        assertThat(report.summary().runsRejoined()).isEqualTo(5);
    }

    @Test
    void durableWritersResumeAfterTheSwitchOfAPausedMaster(LocalDeployment topology) {
        DrillReport report = FailoverDrill.create(
                        DrillConfigs.of(topology), FaultTarget.of(topology), Clock.systemUTC())
                .run(
                        DrillOptions.builder()
                                .mode(DrillMode.PAUSE)
                                .runs(1)
                                .durable(true)
                                .build(),
                        DrillProgress.none());

        DrillRun run = report.runs().get(0);
        assertThat(run.switchMillis()).as(run.toString()).isNotNull();
        assertThat(run.lostAckedWrites()).as(run.toString()).isZero();
        // the bug this guards against: durable writers stuck on the old connection until the run's deadline
        assertThat(run.writeGapMillis())
                .as(run.toString())
                .isLessThan(run.switchMillis() + 10_000)
                .isLessThan(report.limits().runDeadlineMillis());
        assertThat(run.writers()).allSatisfy(w -> assertThat(w.ackedWrites()).isPositive());
    }
}

package io.steward.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentPlanTest {

    @Test
    void shouldUseDesignPortsAndShiftThemWithPortBase() {
        DeploymentPlan plan = DeploymentPlan.local(TopologyMode.SENTINEL, Profile.DEVELOPMENT, false, 16379);

        assertThat(plan.redisNodes()).extracting(HostAndPort::port).containsExactly(16379, 16380, 16381);
        assertThat(plan.sentinels()).extracting(HostAndPort::port).containsExactly(36379, 36380, 36381);
        assertThat(plan.quorum()).isEqualTo(2);
        assertThat(DeploymentPlan.local(TopologyMode.CLUSTER, Profile.PRODUCTION, false, 6379)
                        .redisNodes())
                .extracting(HostAndPort::port)
                .containsExactly(7000, 7001, 7002, 7003, 7004, 7005);
    }

    @Test
    void shouldPairClusterReplicasWithMastersInOrder() {
        DeploymentPlan plan = DeploymentPlan.local(TopologyMode.CLUSTER, Profile.DEVELOPMENT, false, 6379);

        assertThat(plan.clusterMasters()).isEqualTo(3);
        assertThat(plan.initialMasterOf(HostAndPort.of("127.0.0.1", 7000))).isNull();
        assertThat(plan.initialMasterOf(HostAndPort.of("127.0.0.1", 7004)))
                .isEqualTo(HostAndPort.of("127.0.0.1", 7001));
    }

    @Test
    void shouldRejectPortBaseThatLeavesPortRange() {
        assertThatThrownBy(() -> DeploymentPlan.local(TopologyMode.SENTINEL, Profile.DEVELOPMENT, false, 50000))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--port-base")
                .hasMessageContaining("outside 1-65535");
    }

    @Test
    void shouldRejectSentinelModeWithTooFewSentinels() {
        List<HostAndPort> nodes = List.of(HostAndPort.parse("a:1"), HostAndPort.parse("b:1"));
        assertThatThrownBy(() -> new DeploymentPlan(
                        "x",
                        TopologyMode.SENTINEL,
                        Profile.PRODUCTION,
                        false,
                        "m",
                        DataRole.STORE,
                        1L << 30,
                        nodes,
                        List.of(HostAndPort.parse("a:2"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("topology.sentinels: sentinel mode needs at least 3 sentinels, had 1");
    }

    @Test
    void shouldRejectDuplicateEndpoints() {
        List<HostAndPort> nodes = List.of(HostAndPort.parse("a:1"), HostAndPort.parse("a:1"), HostAndPort.parse("b:1"));
        assertThatThrownBy(() -> new DeploymentPlan(
                        "x",
                        TopologyMode.CLUSTER,
                        Profile.PRODUCTION,
                        false,
                        "m",
                        DataRole.STORE,
                        1L << 30,
                        nodes,
                        List.of()))
                .hasMessageContaining("listed twice");
    }

    @Test
    void shouldRecoverThePortBaseOfALocalPlan() {
        for (TopologyMode mode : TopologyMode.values()) {
            assertThat(DeploymentPlan.local(mode, Profile.DEVELOPMENT, false, 16379)
                            .localPortBase())
                    .isEqualTo(16379);
        }
    }
}

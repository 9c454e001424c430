package io.steward.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import java.util.ArrayList;
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
                .hasMessage("--port-base: must be from 1024 to 45533 so that every port of every topology (Redis"
                        + " from the base, cluster buses, dashboard, sentinels at base + 20000) stays within"
                        + " 1024-65535, was 50000");
    }

    @Test
    void shouldKeepEveryPortOfEveryTopologyInRangeAtBothEndsOfThePortBaseRange() {
        for (int base : new int[] {DeploymentPlan.MIN_PORT_BASE, DeploymentPlan.MAX_PORT_BASE}) {
            int shift = base - DeploymentPlan.DEFAULT_PORT_BASE;
            List<Integer> ports = new ArrayList<>(List.of(DeploymentPlan.DEFAULT_DASHBOARD_PORT + shift));
            for (TopologyMode mode : TopologyMode.values()) {
                DeploymentPlan plan = DeploymentPlan.local(mode, Profile.DEVELOPMENT, false, base);
                plan.redisNodes().forEach(n -> ports.add(n.port()));
                plan.sentinels().forEach(n -> ports.add(n.port()));
                if (mode == TopologyMode.CLUSTER) {
                    plan.redisNodes().forEach(n -> ports.add(n.port() + DeploymentPlan.CLUSTER_BUS_OFFSET));
                }
            }
            assertThat(ports).as("base %d", base).allSatisfy(port -> assertThat(port)
                    .isBetween(1024, 65535));
            assertThat(ports).as("base %d reaches an end of the range", base).containsAnyOf(1024, 65535);
        }
    }

    @Test
    void shouldStateThePortBaseRangeTheSameWayForEveryBadBase() {
        List<String> advice = new ArrayList<>();
        for (TopologyMode mode : TopologyMode.values()) {
            for (int base : new int[] {0, DeploymentPlan.MIN_PORT_BASE - 1, DeploymentPlan.MAX_PORT_BASE + 1, 55000}) {
                assertThatThrownBy(() -> DeploymentPlan.local(mode, Profile.DEVELOPMENT, false, base))
                        .isInstanceOfSatisfying(
                                ConfigException.class,
                                e -> advice.add(e.getMessage().replace("was " + base, "was N")));
            }
        }
        assertThat(advice).hasSize(12).containsOnly(advice.get(0));
        assertThat(advice.get(0)).contains("from 1024 to 45533");
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

package io.steward.ops.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.Severity;
import io.steward.ops.info.ClusterNode;
import io.steward.ops.info.InfoSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterRulesTest {

    private static final String INFO_OK =
            """
            cluster_state:ok\r
            cluster_slots_assigned:16384\r
            cluster_slots_ok:16384\r
            cluster_slots_pfail:0\r
            cluster_slots_fail:0\r
            cluster_known_nodes:6\r
            cluster_size:3\r
            cluster_current_epoch:6\r
            cluster_my_epoch:1\r
            """;

    private static final String NODES =
            """
            e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460
            67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:7001@17001 master - 0 1426238316232 2 connected 5461-10922
            292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:7002@17002 master - 0 1426238318243 3 connected 10923-16383
            6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:7003@17003 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238316232 1 connected
            824fe116063bc5fcf9f4ffd895bc17aee7731ac3 127.0.0.1:7004@17004 slave 67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 0 1426238317741 2 connected
            07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:7005@17005,node5.example slave 292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 0 1426238317239 3 connected
            """;

    private final ClusterRules rules = new ClusterRules();

    private static HealthCheck named(List<HealthCheck> checks, String name, String target) {
        return checks.stream()
                .filter(c -> c.name().equals(name) && c.target().equals(target))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void shouldParseClusterNodesLines() {
        List<ClusterNode> nodes = ClusterNode.parse(NODES);

        assertThat(nodes).hasSize(6);
        assertThat(nodes.get(0).endpoint()).isEqualTo(HostAndPort.of("127.0.0.1", 7000));
        assertThat(nodes.get(0).isMaster()).isTrue();
        assertThat(nodes.get(0).slots()).isEqualTo(5461);
        assertThat(nodes.get(5).endpoint()).isEqualTo(HostAndPort.of("127.0.0.1", 7005));
        assertThat(nodes.get(5).masterId()).isEqualTo("292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f");
        assertThat(nodes.stream().mapToInt(ClusterNode::slots).sum()).isEqualTo(16384);
    }

    @Test
    void shouldBeHealthyWhenAllSlotsServedAndEveryMasterHasReplica() {
        List<HealthCheck> checks =
                rules.evaluate("127.0.0.1:7000", InfoSnapshot.parse(INFO_OK), ClusterNode.parse(NODES));

        assertThat(checks).allMatch(HealthCheck::isOk);
        assertThat(checks).filteredOn(c -> c.name().equals("master")).hasSize(3);
    }

    @Test
    void shouldBeCriticalWhenStateFailsOrSlotsAreUncovered() {
        InfoSnapshot info = InfoSnapshot.parse(INFO_OK.replace("cluster_state:ok", "cluster_state:fail")
                .replace("cluster_slots_assigned:16384", "cluster_slots_assigned:10923"));

        List<HealthCheck> checks = rules.evaluate("127.0.0.1:7000", info, ClusterNode.parse(NODES));

        assertThat(named(checks, "cluster-state", "127.0.0.1:7000").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(named(checks, "slot-coverage", "127.0.0.1:7000").detail()).startsWith("5461 slots unassigned");
    }

    @Test
    void shouldWarnWhenMasterHasNoHealthyReplica() {
        String failedReplica = NODES.replace("127.0.0.1:7004@17004 slave", "127.0.0.1:7004@17004 slave,fail");

        List<HealthCheck> checks =
                rules.evaluate("127.0.0.1:7000", InfoSnapshot.parse(INFO_OK), ClusterNode.parse(failedReplica));

        assertThat(named(checks, "master", "127.0.0.1:7001").severity()).isEqualTo(Severity.WARN);
        assertThat(named(checks, "master", "127.0.0.1:7000").severity()).isEqualTo(Severity.OK);
    }

    @Test
    void shouldWarnWhenSlotsArePossiblyFailing() {
        InfoSnapshot info = InfoSnapshot.parse(INFO_OK.replace("cluster_slots_pfail:0", "cluster_slots_pfail:5461"));

        assertThat(named(rules.evaluate("s", info, List.of()), "slot-coverage", "s")
                        .severity())
                .isEqualTo(Severity.WARN);
    }
}

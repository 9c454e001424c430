package io.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.steward.PermissionDeniedException;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.CLUSTER)
class ClusterConnectionIT {

    @Test
    void shouldSetAndGetAcrossSlotsWhenUsingCluster(LocalTopology topology) {
        Map<String, String> values = new HashMap<>();
        IntStream.range(0, 200).forEach(i -> values.put("cluster:key:" + i, "value-" + i));
        assertThat(values.keySet().stream()
                        .map(SlotHash::getSlot)
                        .map(slot -> slot / 5462)
                        .distinct())
                .as("keys fall in the slot ranges of different masters")
                .hasSizeGreaterThan(1);

        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            RedisAdvancedClusterCommands<String, String> cluster = client.cluster();

            values.forEach(cluster::set);

            values.forEach((key, value) -> assertThat(cluster.get(key)).isEqualTo(value));
        }
    }

    @Test
    void shouldThrowPermissionDeniedWhenAppRunsFlushallOnCluster(LocalTopology topology) {
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            assertThatThrownBy(() -> client.cluster().flushall())
                    .isInstanceOfSatisfying(PermissionDeniedException.class, e -> assertThat(e.user())
                            .isEqualTo("app"));
        }
    }

    @Test
    void shouldRejectMasterCommandsWhenModeIsCluster(LocalTopology topology) {
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            assertThatThrownBy(client::commands).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(client::currentMaster).isInstanceOf(IllegalStateException.class);
        }
    }
}

package io.steward.ops.info;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {

    private static final String NODES =
            """
            aaaa 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460 7000 [5461->-bbbb] [9000-<-cccc]
            bbbb 127.0.0.1:7001@17001 master - 0 1700000000000 2 connected 5461-10922
            cccc 127.0.0.1:7002@17002,host-c master,fail - 0 0 3 disconnected 10923-16383
            dddd :0@0 slave,noaddr aaaa 0 0 1 disconnected
            """;

    @Test
    void parsesSlotRangesSingleSlotsAndOpenSlots() {
        List<ClusterNode> nodes = ClusterNode.parse(NODES);

        ClusterNode me = nodes.get(0);
        assertThat(me.isMyself()).isTrue();
        assertThat(me.slots()).isEqualTo(5462);
        assertThat(me.owns(0)).isTrue();
        assertThat(me.owns(5460)).isTrue();
        assertThat(me.owns(7000)).isTrue();
        assertThat(me.owns(5461))
                .as("a migrating slot is owned by its line's range only")
                .isFalse();
        assertThat(me.migrating()).isEqualTo(Map.of(5461, "bbbb"));
        assertThat(me.importing()).isEqualTo(Map.of(9000, "cccc"));
        assertThat(nodes.get(1).slots()).isEqualTo(5462);
        assertThat(nodes.get(1).owns(5461)).isTrue();
    }

    @Test
    void parsesFlagsEndpointsAndReplicas() {
        List<ClusterNode> nodes = ClusterNode.parse(NODES);

        assertThat(nodes.get(2).endpoint()).isEqualTo(HostAndPort.of("127.0.0.1", 7002));
        assertThat(nodes.get(2).isFailing()).isTrue();
        assertThat(nodes.get(2).connected()).isFalse();
        assertThat(nodes.get(3).endpoint()).isNull();
        assertThat(nodes.get(3).masterId()).isEqualTo("aaaa");
        assertThat(nodes.get(3).isMaster()).isFalse();
        assertThat(nodes.get(3).slots()).isZero();
    }

    @Test
    void slotSetIsACopy() {
        ClusterNode me = ClusterNode.parse(NODES).get(0);
        me.slotSet().clear();
        assertThat(me.owns(0)).isTrue();
    }
}

package io.steward.ha.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.HostAndPort;
import io.steward.ops.info.ClusterNode;
import org.junit.jupiter.api.Test;

class SlotSafetyTest {

    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);
    private static final String C = "c".repeat(40);
    private static final SlotMove MOVE =
            new SlotMove(7, A, HostAndPort.of("127.0.0.1", 7000), B, HostAndPort.of("127.0.0.1", 7001));

    private static ClusterNode node(String id, String flags, String slots) {
        String line = id + " 127.0.0.1:7000@17000 " + flags + " - 0 0 1 connected " + slots;
        return ClusterNode.parse(line.strip() + "\n").get(0);
    }

    @Test
    void resumeContinuesWhileTheSourceMasterOwnsOrMigratesTheSlot() {
        assertThat(RebalanceRun.resumable(node(A, "myself,master", "0-100"), MOVE))
                .isTrue();
        assertThat(RebalanceRun.resumable(node(A, "myself,master", "0-6 8-100 [7->-" + B + "]"), MOVE))
                .isTrue();
    }

    @Test
    void resumeRefusesWhenTheSourceFailedOverOrLostTheSlot() {
        assertThat(RebalanceRun.resumable(node(A, "myself,slave", ""), MOVE)).isFalse();
        assertThat(RebalanceRun.resumable(node(A, "myself,master", "0-6 8-100"), MOVE))
                .isFalse();
        assertThat(RebalanceRun.resumable(node(A, "myself,master", "0-6 8-100 [7->-" + C + "]"), MOVE))
                .isFalse();
    }

    @Test
    void moverRefusesToOverwriteAnOpenStateNamingAnotherNode() {
        ClusterNode source = node(A, "myself,master", "0-100");
        assertThatThrownBy(() ->
                        SlotMover.refuseForeignOpenState(MOVE, node(B, "myself,master", "[7-<-" + C + "]"), source))
                .isInstanceOf(ClusterAdminException.class)
                .hasMessageContaining("importing slot 7 from another node");
        assertThatThrownBy(() -> SlotMover.refuseForeignOpenState(
                        MOVE, node(B, "myself,master", ""), node(A, "myself,master", "0-100 [7->-" + C + "]")))
                .isInstanceOf(ClusterAdminException.class)
                .hasMessageContaining("migrating slot 7 to another node");
    }

    @Test
    void moverContinuesItsOwnOpenState() {
        assertThatCode(() -> SlotMover.refuseForeignOpenState(
                        MOVE,
                        node(B, "myself,master", "[7-<-" + A + "]"),
                        node(A, "myself,master", "0-100 [7->-" + B + "]")))
                .doesNotThrowAnyException();
    }
}

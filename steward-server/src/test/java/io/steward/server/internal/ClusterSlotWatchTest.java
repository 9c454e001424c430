package io.steward.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSlotWatchTest {

    private static final String BEFORE = String.join(
            "\n",
            "a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460",
            "b1 127.0.0.1:7001@17001 master - 0 0 2 connected 5461-10922",
            "c1 127.0.0.1:7002@17002 master - 0 0 3 connected 10923-16383",
            "d1 127.0.0.1:7003@17003 slave a1 0 0 1 connected",
            "e1 127.0.0.1:7004@17004 slave b1 0 0 2 connected",
            "f1 127.0.0.1:7005@17005 slave c1 0 0 3 connected");

    /** After 7001 failed: its replica 7004 serves its slots. */
    private static final String AFTER = String.join(
            "\n",
            "a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460",
            "b1 127.0.0.1:7001@17001 master,fail - 0 0 2 disconnected",
            "c1 127.0.0.1:7002@17002 master - 0 0 3 connected 10923-16383",
            "d1 127.0.0.1:7003@17003 slave a1 0 0 1 connected",
            "e1 127.0.0.1:7004@17004 master - 0 0 7 connected 5461-10922",
            "f1 127.0.0.1:7005@17005 slave c1 0 0 3 connected");

    @Test
    void shouldMapEachSlotSetToItsMaster() {
        assertThat(ClusterSlotWatch.owners(BEFORE))
                .containsExactly(
                        Map.entry("0-5460", HostAndPort.of("127.0.0.1", 7000)),
                        Map.entry("5461-10922", HostAndPort.of("127.0.0.1", 7001)),
                        Map.entry("10923-16383", HostAndPort.of("127.0.0.1", 7002)));
    }

    @Test
    void shouldReportSlotsTakenOverByPromotedReplica() {
        assertThat(ClusterSlotWatch.moves(ClusterSlotWatch.owners(BEFORE), ClusterSlotWatch.owners(AFTER)))
                .containsExactly(new ClusterSlotWatch.SlotsMoved(
                        "5461-10922", HostAndPort.of("127.0.0.1", 7001), HostAndPort.of("127.0.0.1", 7004)));
    }

    @Test
    void shouldNotReportResharding() {
        String resharded = BEFORE.replace("connected 0-5460", "connected 0-5000")
                .replace("connected 5461-10922", "connected 5001-10922");

        assertThat(ClusterSlotWatch.moves(ClusterSlotWatch.owners(BEFORE), ClusterSlotWatch.owners(resharded)))
                .isEmpty();
    }

    @Test
    void shouldKeepMigratingSlotsWithTheirCurrentOwner() {
        String migrating = BEFORE.replace("connected 0-5460", "connected 0-5460 [5460->-b1]");

        assertThat(ClusterSlotWatch.owners(migrating)).containsEntry("0-5460", HostAndPort.of("127.0.0.1", 7000));
    }
}

package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.ha.sentinel.FailoverPlan;
import io.steward.ha.sentinel.ReplicaView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The failover plan as {@code sentinel failover} without {@code --confirm} prints it. */
class SentinelFailoverPlanRenderTest {

    private static final HostAndPort MASTER = HostAndPort.of("127.0.0.1", 6379);
    private static final List<HostAndPort> SENTINELS =
            List.of(HostAndPort.of("127.0.0.1", 26379), HostAndPort.of("127.0.0.1", 26380));
    private static final ReplicaView REPLICA =
            new ReplicaView("127.0.0.1:6380", "online", "ok", "slave", 0, 0, 100, SENTINELS, true);

    @Test
    void planJsonKeepsTheCandidateAddressesAndSaysWhetherEverySentinelAgrees() {
        Map<String, Object> agreed =
                SentinelJson.failoverPlan(new FailoverPlan(MASTER, SENTINELS, List.of(REPLICA), 2));
        Map<String, Object> majority =
                SentinelJson.failoverPlan(new FailoverPlan(MASTER, SENTINELS, List.of(REPLICA), 3));

        assertThat(agreed)
                .containsEntry("confirmed", false)
                .containsEntry("master", "127.0.0.1:6379")
                .containsEntry("sentinelsAgree", true)
                .containsEntry("candidates", List.of("127.0.0.1:6380"))
                .containsEntry("askOrder", List.of("127.0.0.1:26379", "127.0.0.1:26380"))
                .containsEntry("sentinels", 2);
        assertThat(majority).containsEntry("sentinelsAgree", false);
    }

    @Test
    void planTextSaysWhenOnlyAMajorityNamesTheMaster() {
        assertThat(text(new FailoverPlan(MASTER, SENTINELS, List.of(REPLICA), 2)))
                .contains("named by all of the 2 Sentinels")
                .contains("127.0.0.1:6380")
                .contains("Nothing was changed");
        assertThat(text(new FailoverPlan(MASTER, SENTINELS, List.of(REPLICA), 3)))
                .contains("named by 2 of the 3 Sentinels")
                .contains("the others do not agree on the master now");
    }

    private static String text(FailoverPlan plan) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            SentinelText.failoverPlan(writer, plan);
        }
        return out.toString();
    }
}

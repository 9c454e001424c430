package io.steward.ops.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import org.junit.jupiter.api.Test;

class DiscoveryMessageTest {

    private static final HostAndPort SENTINEL = HostAndPort.of("127.0.0.1", 47379);

    @Test
    void shouldNameTheSentinelOnceWhenItsFailureAlreadyNamesIt() {
        SentinelObservation failed =
                SentinelObservation.unreachable(SENTINEL, "127.0.0.1:47379: authentication failed for user 'admin'");

        assertThat(ProbingHealthMonitor.whyNoNodes(failed))
                .isEqualTo("127.0.0.1:47379: authentication failed for user 'admin'");
    }

    @Test
    void shouldLeadWithTheSentinelWhenItsFailureDoesNotNameIt() {
        assertThat(ProbingHealthMonitor.whyNoNodes(SentinelObservation.unreachable(SENTINEL, "connection refused")))
                .isEqualTo("127.0.0.1:47379: connection refused");
    }
}

package io.steward.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertState;
import io.steward.monitor.alert.AlertTransition;
import io.steward.monitor.alert.AlertTransition.Kind;
import io.steward.ops.config.AlertSeverity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeftFiringAlertsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static AlertTransition t(Kind kind, String rule, String target, AlertState state, long at) {
        Alert alert = new Alert(rule, target, AlertSeverity.WARNING, state, T0, T0, "s");
        return new AlertTransition(kind, alert, T0.plusSeconds(at));
    }

    @Test
    void shouldResolveOnlyAlertsWhoseLatestTransitionLeftThemFiring() {
        List<AlertTransition> newestFirst = List.of(
                t(Kind.REPEAT, "memory-high", "a", AlertState.FIRING, 30),
                t(Kind.RESOLVED, "failover-happened", "d", AlertState.RESOLVED, 20),
                t(Kind.FIRING, "failover-happened", "d", AlertState.FIRING, 10),
                t(Kind.FIRING, "memory-high", "a", AlertState.FIRING, 5),
                t(Kind.FIRING, "instance-down", "b", AlertState.FIRING, 1));
        Instant now = T0.plusSeconds(60);

        List<AlertTransition> resolved = LeftFiringAlerts.resolutions(newestFirst, now);

        assertThat(resolved)
                .extracting(r -> r.alert().rule() + " " + r.alert().target())
                .containsExactly("memory-high a", "instance-down b");
        assertThat(resolved).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo(Kind.RESOLVED);
            assertThat(r.alert().state()).isEqualTo(AlertState.RESOLVED);
            assertThat(r.at()).isEqualTo(now);
        });
    }
}

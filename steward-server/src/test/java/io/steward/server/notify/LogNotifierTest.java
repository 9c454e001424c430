package io.steward.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.monitor.alert.AlertTransition;
import org.junit.jupiter.api.Test;

class LogNotifierTest {

    @Test
    void writesRuleTargetSeverityStateAndSummaryOnOneLine() {
        AlertTransition firing =
                Transitions.of(AlertTransition.Kind.FIRING, "job-failed", "job backup-rdb", "failed:\ndisk full\r\n");

        assertThat(LogNotifier.line(firing))
                .isEqualTo("alert FIRING job-failed on job backup-rdb (critical, firing): failed: disk full ");
    }

    @Test
    void countsLoggedTransitionsButNotPendingOnes() {
        LogNotifier notifier = new LogNotifier();

        notifier.notify(Transitions.of(AlertTransition.Kind.PENDING, "memory-high", "n:1", "rising"));
        notifier.notify(Transitions.of(AlertTransition.Kind.RESOLVED, "memory-high", "n:1", "fine"));

        assertThat(notifier.stats()).isEqualTo(new DeliveryStats(1, 0, 0));
    }
}

package io.steward.server.notify;

import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertState;
import io.steward.monitor.alert.AlertTransition;
import io.steward.ops.config.AlertSeverity;
import java.time.Instant;

/** Transitions for tests. */
final class Transitions {

    static final Instant SINCE = Instant.parse("2025-01-02T03:04:05Z");
    static final Instant AT = Instant.parse("2025-01-02T03:05:05Z");

    private Transitions() {}

    static AlertTransition firing(String rule, String target) {
        return of(AlertTransition.Kind.FIRING, rule, target, target + " is down");
    }

    static AlertTransition of(AlertTransition.Kind kind, String rule, String target, String summary) {
        AlertState state =
                switch (kind) {
                    case PENDING -> AlertState.PENDING;
                    case FIRING, REPEAT -> AlertState.FIRING;
                    case RESOLVED -> AlertState.RESOLVED;
                };
        Instant lastNotified = state == AlertState.PENDING ? null : AT;
        return new AlertTransition(
                kind, new Alert(rule, target, AlertSeverity.CRITICAL, state, SINCE, lastNotified, summary), AT);
    }
}

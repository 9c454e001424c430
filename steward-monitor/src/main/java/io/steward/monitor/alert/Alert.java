package io.steward.monitor.alert;

import io.steward.ops.config.AlertSeverity;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert: a rule whose condition holds (or held, when {@link AlertState#RESOLVED}) for one target.
 * There is at most one active alert per rule and target.
 *
 * @param rule         the {@link AlertRule#name()}
 * @param target       the {@link Observation#target()}
 * @param severity     the rule's severity
 * @param state        where the alert is in its lifecycle
 * @param since        when the condition was first seen holding in this episode
 * @param lastNotified when a {@link AlertTransition.Kind#FIRING} or {@link AlertTransition.Kind#REPEAT}
 *                     was last emitted; {@code null} while pending
 * @param summary      the rule's summary filled from the latest observation that held
 */
public record Alert(
        String rule,
        String target,
        AlertSeverity severity,
        AlertState state,
        Instant since,
        Instant lastNotified,
        String summary) {

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        if (state != AlertState.PENDING) {
            Objects.requireNonNull(lastNotified, "lastNotified");
        }
        Objects.requireNonNull(summary, "summary");
    }

    Alert with(AlertState newState, Instant newLastNotified, String newSummary) {
        return new Alert(rule, target, severity, newState, since, newLastNotified, newSummary);
    }
}

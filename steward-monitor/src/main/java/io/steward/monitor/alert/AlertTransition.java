package io.steward.monitor.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * A change an evaluation round made to an alert; the unit a notifier delivers and history keeps.
 *
 * @param kind  what happened
 * @param alert the alert after the change
 * @param at    the round's time
 */
public record AlertTransition(Kind kind, Alert alert, Instant at) {

    public AlertTransition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(at, "at");
    }

    /** What happened to the alert. */
    public enum Kind {
        /** The condition was first seen holding; the rule's {@code for} has not passed yet. */
        PENDING,
        /** The condition has held for the rule's {@code for}; notify. */
        FIRING,
        /** Still firing a repeat interval after the last notification; notify again. */
        REPEAT,
        /** The condition stopped holding after the alert fired; notify. */
        RESOLVED;

        /** Whether a notifier should deliver transitions of this kind. */
        public boolean notifies() {
            return this != PENDING;
        }
    }
}

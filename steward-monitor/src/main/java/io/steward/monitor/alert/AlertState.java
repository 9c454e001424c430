package io.steward.monitor.alert;

/** Where an alert is in its lifecycle: pending, then firing, then resolved. */
public enum AlertState {
    /** The condition holds but not yet for the rule's {@code for} duration; nobody is notified. */
    PENDING,
    /** The condition has held for the rule's {@code for} duration; notifications go out. */
    FIRING,
    /** The condition no longer holds after the alert fired; the alert is no longer active. */
    RESOLVED
}

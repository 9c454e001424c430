package io.steward.ops.config;

/** How urgent a firing alert is. */
public enum AlertSeverity {
    /** Needs attention soon; nothing is lost yet. */
    WARNING,
    /** Data or availability is at risk now. */
    CRITICAL
}

package io.steward.monitor.history;

/** What an {@link Event} on the timeline records. */
public enum EventKind {
    /** A Sentinel or cluster failover started or finished. */
    FAILOVER,
    /** Sentinel announced a new master ({@code +switch-master}). */
    SWITCH_MASTER,
    /** A node restarted (its uptime went back). */
    NODE_RESTART,
    /** An alert rule fired or resolved. */
    ALERT,
    /** A backup ran. */
    BACKUP
}

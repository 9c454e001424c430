package io.steward.monitor.history;

/** What an {@link Event} on the timeline records. */
public enum EventKind {
    /** A Sentinel or cluster failover started or finished; in a cluster, a new master for some slots. */
    FAILOVER,
    /** Sentinel announced a new master ({@code +switch-master}). */
    SWITCH_MASTER,
    /**
     * Another event a Sentinel announced ({@code +sdown}, {@code -sdown}, {@code +odown},
     * {@code +failover-end}, {@code +tilt}); the detail starts with the event type and the node is the
     * Sentinel. Since schema version 4.
     */
    SENTINEL,
    /** A node restarted (its uptime went back). */
    NODE_RESTART,
    /** An alert rule fired or resolved. */
    ALERT,
    /** A backup ran. */
    BACKUP
}

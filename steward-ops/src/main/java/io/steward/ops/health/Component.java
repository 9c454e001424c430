package io.steward.ops.health;

import java.util.Locale;

/** What a check is about; {@code steward health --component} selects by these. */
public enum Component {
    /** Data nodes: reachability, memory, clients, persistence, replication, ACL, TLS certificates. */
    REDIS,
    /** Sentinels: quorum, agreement on the master, TILT, how many there are. */
    SENTINEL,
    /** Redis Cluster: state, slot coverage, replicas per master. */
    CLUSTER;

    /** The lower-case name used on the command line and in JSON. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

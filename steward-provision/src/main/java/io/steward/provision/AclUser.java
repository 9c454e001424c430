package io.steward.provision;

import java.util.Locale;

/**
 * The ACL users every Steward deployment has, each with its own password file. The
 * {@code default} user is always off.
 */
public enum AclUser {
    /** Everything. For operators and Steward's own admin commands. */
    ADMIN("~* &* +@all"),
    /**
     * Applications: data, scripting, pub/sub, client tracking. No {@code @admin} or {@code @dangerous}
     * command but INFO and ROLE (so no KEYS, FLUSH*, CONFIG, DEBUG, SHUTDOWN, ACL, MODULE, REPLICAOF,
     * MONITOR, SWAPDB, MIGRATE, RESTORE, SORT, CLIENT KILL/PAUSE/NO-EVICT), and none of the
     * subcommands that change or stop server-side state every client shares: FUNCTION
     * LOAD/DELETE/FLUSH/RESTORE/KILL, SCRIPT FLUSH/KILL/DEBUG, MEMORY PURGE/MALLOC-STATS.
     * docs/architecture.md says why each command that stays is safe.
     */
    APP("~* &* +@all -@admin -@dangerous +info +role"
            + " -function|load -function|delete -function|flush -function|restore -function|kill"
            + " -script|flush -script|kill -script|debug -memory|purge -memory|malloc-stats"),
    /**
     * Read-only introspection for monitoring and memory analysis. No CONFIG GET: it returns
     * {@code masterauth} in clear text, which would let a monitor read the replica password.
     */
    MONITOR("%R~* resetchannels -@all +ping +hello +auth +info +role +dbsize +slowlog|get +slowlog|len"
            + " +latency|latest +latency|history +latency|doctor +memory|usage +memory|stats +memory|doctor"
            + " +client|list +client|info +scan +type +ttl +pttl +object|encoding +object|freq"
            + " +object|idletime +cluster|info +cluster|nodes +cluster|slots +cluster|shards +cluster|myid"),
    /** Backups: the replication stream plus BGSAVE/LASTSAVE. */
    BACKUP("resetkeys resetchannels -@all +ping +hello +auth +info +role +sync +psync +replconf +bgsave"
            + " +lastsave +dbsize"),
    /** Replicas authenticating to their master. */
    REPLICA("resetkeys resetchannels -@all +ping +hello +auth +psync +replconf +sync"),
    /** Sentinels monitoring and reconfiguring data nodes, and talking to each other. */
    SENTINEL("resetkeys &* -@all +ping +hello +auth +multi +exec +slaveof +replicaof +config|rewrite"
            + " +role +publish +subscribe +info +client|setname +client|kill +script|kill");

    private final String rules;

    AclUser(String rules) {
        this.rules = rules;
    }

    /** The ACL rules after {@code user NAME on #HASH}. */
    public String rules() {
        return rules;
    }

    /** The user name in Redis and the password file's base name. */
    public String userName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

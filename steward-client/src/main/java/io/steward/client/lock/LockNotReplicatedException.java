package io.steward.client.lock;

import io.steward.StewardException;

/**
 * An acquisition in WAIT mode ({@link LockOptions#waitReplicas()} &gt; 0) reached fewer replicas
 * than required within {@link LockOptions#waitTimeout()}. The lock was released again (best effort),
 * so a failover cannot hand it to a second holder unnoticed; the caller may retry.
 */
public class LockNotReplicatedException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final String lockName;
    private final int required;
    private final long acknowledged;

    public LockNotReplicatedException(String lockName, int required, long acknowledged) {
        super("lock '" + lockName + "': acquired on the master but acknowledged by " + acknowledged + " of the "
                + required + " replicas required; released again");
        this.lockName = lockName;
        this.required = required;
        this.acknowledged = acknowledged;
    }

    public String lockName() {
        return lockName;
    }

    public int required() {
        return required;
    }

    public long acknowledged() {
        return acknowledged;
    }
}

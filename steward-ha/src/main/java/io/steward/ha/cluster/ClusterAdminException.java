package io.steward.ha.cluster;

import io.steward.StewardException;

/**
 * A cluster operation was refused (it would lose data or cannot work on the cluster as it is) or
 * did not complete; the message says what, where, and what to do.
 */
public class ClusterAdminException extends StewardException {

    private static final long serialVersionUID = 1L;

    public ClusterAdminException(String message) {
        super(message);
    }

    public ClusterAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.steward.provision;

import io.steward.StewardException;

/**
 * A deployment could not be rendered, started or stopped: a port in use, a missing binary, a node
 * that exited at start, a topology that did not become healthy in time. The message says which
 * node and what to do; whatever the failed operation had started has been stopped.
 */
public class ProvisionException extends StewardException {

    private static final long serialVersionUID = 1L;

    public ProvisionException(String message) {
        super(message);
    }

    public ProvisionException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.steward.backup;

import io.steward.StewardException;

/**
 * A restore stopped part-way. The message says what state the target is in (how many keys were
 * written) and how to roll back with the pre-restore backup.
 */
public class RestoreFailedException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final long keysRestored;

    public RestoreFailedException(String message, long keysRestored, Throwable cause) {
        super(message, cause);
        this.keysRestored = keysRestored;
    }

    public long keysRestored() {
        return keysRestored;
    }
}

package io.steward.backup;

import io.steward.StewardException;

/**
 * A restore refused before it wrote anything: the backup holds something the target cannot take
 * (module data, keys in a database the target does not have). The target is unchanged.
 */
public class RestoreRefusedException extends StewardException {

    private static final long serialVersionUID = 1L;

    public RestoreRefusedException(String message) {
        super(message);
    }
}

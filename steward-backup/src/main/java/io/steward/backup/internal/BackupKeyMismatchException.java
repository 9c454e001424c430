package io.steward.backup.internal;

import io.steward.StewardException;

/**
 * A backup was encrypted with a different key than the one given to read it. Nothing is wrong
 * with the backup: find the key file whose id {@link #backupKeyId()} names.
 */
public class BackupKeyMismatchException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final String backupKeyId;
    private final String givenKeyId;

    public BackupKeyMismatchException(String backupKeyId, String givenKeyId, String givenKeyFile) {
        super("backup was encrypted with key " + backupKeyId + ", the key file"
                + (givenKeyFile == null ? "" : " " + givenKeyFile) + " has " + givenKeyId
                + "; use the key file the backup was made with");
        this.backupKeyId = backupKeyId;
        this.givenKeyId = givenKeyId;
    }

    /** The id of the key that encrypted the backup, from its header. */
    public String backupKeyId() {
        return backupKeyId;
    }

    /** The id of the key that was given. */
    public String givenKeyId() {
        return givenKeyId;
    }
}

package io.steward;

/**
 * A backup failed an integrity check: its manifest, checksum, authentication tag, compression
 * frame or RDB structure is not what it should be. {@link #check()} names the failing check (for
 * example {@code stored-sha256}, {@code chunk-authentication}, {@code rdb-crc64}).
 */
public class BackupCorruptedException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final String check;

    public BackupCorruptedException(String check, String detail) {
        this(check, detail, null);
    }

    public BackupCorruptedException(String check, String detail, Throwable cause) {
        super(check + ": " + detail, cause);
        this.check = check;
    }

    /** The name of the failing check. */
    public String check() {
        return check;
    }
}

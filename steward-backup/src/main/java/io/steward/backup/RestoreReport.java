package io.steward.backup;

import java.time.Duration;

/**
 * The outcome of a restore.
 *
 * @param id                the restored backup
 * @param target            where it went: a node, or {@code cluster}/{@code master} of the deployment
 * @param preRestoreBackup  the backup taken of the target first, or null when skipped
 * @param keysExpected      keys in the backup that had not expired by the time of the restore
 * @param keysRestored      keys the target acknowledged
 * @param keysExpired       keys skipped because their TTL had passed
 * @param took              wall time of the key transfer
 */
public record RestoreReport(
        String id,
        String target,
        String preRestoreBackup,
        long keysExpected,
        long keysRestored,
        long keysExpired,
        Duration took) {

    public boolean complete() {
        return keysRestored == keysExpected;
    }
}

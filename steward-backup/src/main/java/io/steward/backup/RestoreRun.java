package io.steward.backup;

import io.steward.BackupCorruptedException;
import io.steward.StewardException;
import io.steward.backup.internal.BackupKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * One restore: the target's databases are checked, then every RDB part is decrypted, parsed and
 * written through a {@link RestoreWriter} by a {@link RestoreStream}.
 */
final class RestoreRun {

    private final Path backupDir;
    private final BackupManifest manifest;
    private final BackupKey key;
    private final RestoreWriter writer;
    private final Clock clock;
    private final String preRestore;
    private final String where;
    private RestoreStream stream;

    RestoreRun(
            Path backupDir,
            BackupManifest manifest,
            BackupKey key,
            RestoreWriter writer,
            Clock clock,
            String preRestore,
            String where) {
        this.backupDir = backupDir;
        this.manifest = manifest;
        this.key = key;
        this.writer = writer;
        this.clock = clock;
        this.preRestore = preRestore;
        this.where = where;
    }

    RestoreReport run() {
        long started = System.nanoTime();
        stream = new RestoreStream(writer, manifest.rdbVersion(), clock.millis());
        try {
            writer.checkDatabases(manifest.keysPerDb().keySet());
            for (BackupPart part : manifest.rdbParts()) {
                try (InputStream in = StreamingBackupEngine.decryptedForRestore(backupDir.resolve(part.file()), key)) {
                    stream.write(in);
                }
            }
            long restored = writer.finish();
            return new RestoreReport(
                    manifest.id(),
                    writer.target(),
                    preRestore,
                    stream.expected(),
                    restored,
                    stream.expired(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (RestoreRefusedException e) {
            throw e;
        } catch (BackupCorruptedException e) {
            throw failure("the backup turned out corrupt while restoring (" + e.getMessage() + ")", e);
        } catch (StewardException | IOException | UncheckedIOException e) {
            throw failure(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted", e);
        }
    }

    private RestoreFailedException failure(String why, Exception cause) {
        boolean exact = settle();
        long done = writer.acknowledged();
        long functions = stream.functionLibraries();
        String state = done == 0 && functions == 0 && exact
                ? where + ": no key was written"
                : where + " now holds " + (functions > 0 ? functions + " function libraries and " : "")
                        + (exact ? "" : "at least ") + done + " keys from backup " + manifest.id()
                        + " written over its previous data ("
                        + (functions > 0 ? "FUNCTION RESTORE / " : "") + "RESTORE ... REPLACE), the rest as before";
        String rollback = preRestore != null
                ? "; roll back with: steward restore " + preRestore + " --confirm --no-pre-backup"
                : "; no pre-restore backup was taken (--no-pre-backup), so there is nothing to roll back to";
        return new RestoreFailedException(
                "restore of " + manifest.id() + " stopped: " + why + ". " + state + rollback, done, cause);
    }

    /** Lets the writer collect the replies to what it sent, so the count of keys written is exact. */
    private boolean settle() {
        try {
            return writer.settle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

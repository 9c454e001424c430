package io.steward.backup;

import io.steward.BackupCorruptedException;
import io.steward.StewardException;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.rdb.DumpPayload;
import io.steward.backup.rdb.RdbReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** One restore: every RDB part is decrypted, parsed and written through a {@link RestoreWriter}. */
final class RestoreRun {

    private final Path backupDir;
    private final BackupManifest manifest;
    private final BackupKey key;
    private final RestoreWriter writer;
    private final Clock clock;
    private final String preRestore;
    private final String where;
    private long expected;
    private long expired;

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
        long now = clock.millis();
        try {
            for (BackupPart part : manifest.rdbParts()) {
                try (InputStream in = StreamingBackupEngine.decrypted(backupDir.resolve(part.file()), key)) {
                    RdbReader.read(
                            in,
                            (entry, value) -> {
                                long expireAt = entry.expireAtMillis();
                                if (expireAt >= 0 && expireAt <= now) {
                                    expired++;
                                    return;
                                }
                                expected++;
                                try {
                                    writer.restore(
                                            entry.db(),
                                            entry.key(),
                                            Math.max(expireAt, 0),
                                            DumpPayload.of(value.encodedValue(), manifest.rdbVersion()));
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new StewardException("interrupted", e);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            },
                            true);
                }
            }
            long restored = writer.finish();
            return new RestoreReport(
                    manifest.id(),
                    writer.target(),
                    preRestore,
                    expected,
                    restored,
                    expired,
                    Duration.ofNanos(System.nanoTime() - started));
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
        long done = writer.acknowledged();
        String state = done == 0
                ? where + " is unchanged (no key was written)"
                : where + " now holds " + done + " keys from backup " + manifest.id()
                        + " written over its previous data (RESTORE ... REPLACE), the rest as before";
        String rollback = preRestore != null
                ? "; roll back with: steward restore " + preRestore + " --confirm --no-pre-backup"
                : "; no pre-restore backup was taken (--no-pre-backup), so there is nothing to roll back to";
        return new RestoreFailedException(
                "restore of " + manifest.id() + " stopped: " + why + ". " + state + rollback, done, cause);
    }
}

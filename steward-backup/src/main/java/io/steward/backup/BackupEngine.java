package io.steward.backup;

import io.steward.BackupCorruptedException;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.BackupConfig;
import io.steward.ops.config.StewardConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Creates, lists, verifies, cleans up and restores backups of one deployment. The CLI and the
 * daemon's schedules call it; it returns values and never prints. Thread-safe for concurrent
 * reads; create, cleanup and restore are meant to run one at a time.
 */
public interface BackupEngine {

    /**
     * Streams an RDB from every shard (a replica when there is one) into a new backup and
     * publishes it atomically; on any failure nothing appears in the catalog.
     *
     * @param reason   {@code manual}, {@code scheduled} or {@code pre-restore}
     * @param progress told how many raw bytes have been transferred
     * @throws StewardException when the source cannot be read or the backup cannot be written
     */
    BackupManifest create(BackupType type, String reason, Progress progress);

    /** Published backups newer than {@code maxAge} (all when null), newest first. */
    List<BackupManifest> list(Duration maxAge);

    /**
     * Checks the manifest MAC, every part's checksums and authentication tags, parses every RDB
     * record including the CRC64 footer, and compares key counts with the manifest; with
     * {@code drill}, also restores each RDB into a throwaway local redis-server, compares dataset
     * digests and runs {@code redis-check-rdb}.
     *
     * @throws StewardException when the backup does not exist or the key is missing
     */
    VerifyReport verify(String id, boolean drill);

    /** Applies the retention (from steward.yaml unless given) to the catalog. */
    CleanupReport cleanup(BackupConfig.Retention retention, boolean dryRun);

    /**
     * Restores a backup: its function libraries with {@code FUNCTION RESTORE ... REPLACE}, then its
     * keys, each into its database with its absolute expiry and LRU idle time or LFU counter, with
     * pipelined {@code RESTORE key ttl payload REPLACE ABSTTL [IDLETIME s | FREQ f]}. Keys whose
     * expiry has passed are skipped.
     *
     * @throws StewardException           when not confirmed, or the backup fails verification
     * @throws BackupCorruptedException   when a part is corrupt (nothing is restored)
     * @throws RestoreRefusedException    when the backup holds what the target cannot take (module
     *                                    data; a database it lacks); nothing is written
     * @throws RestoreFailedException     when it stops part-way; the message says how to roll back
     */
    RestoreReport restore(String id, RestoreOptions options);

    /** Progress of a long operation: bytes done of total (-1 when unknown). */
    @FunctionalInterface
    interface Progress {
        Progress NONE = (phase, done, total) -> {};

        void update(String phase, long done, long total);
    }

    /** The engine for {@code config}'s deployment, reaching it through {@code client}. */
    static BackupEngine create(StewardConfig config, StewardClient client, Clock clock) {
        return new StreamingBackupEngine(config, client, clock);
    }
}

package io.steward.backup;

import io.steward.BackupCorruptedException;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.BackupConfig;
import io.steward.ops.config.StewardConfig;
import java.nio.file.Path;
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
     * {@link #create(BackupType, String, boolean, Progress)} with the key the catalog's backups were
     * made with: refused with {@link NewBackupKeyException} when the key file is missing or holds a
     * key no backup in the catalog was made with.
     */
    default BackupManifest create(BackupType type, String reason, Progress progress) {
        return create(type, reason, false, progress);
    }

    /**
     * Streams an RDB from every shard into a new backup and publishes it atomically; on any failure
     * nothing appears in the catalog. Each shard is read from a healthy replica when it has one,
     * else its master; a node that refuses, drops the connection or goes silent for 10 seconds is left for the
     * shard's next node. Also removes the drafts of earlier backups whose writer is gone.
     *
     * @param reason      {@code manual}, {@code scheduled} or {@code pre-restore}
     * @param allowNewKey whether the backup may be made with a key that no backup in the catalog was
     *                    made with, creating the key file when it is missing; never replaces a key file
     * @param progress    told how many raw bytes have been transferred
     * @throws NewBackupKeyException when the key would be new and {@code allowNewKey} is false
     * @throws StewardException      when no node of a shard can be read or the backup cannot be written
     */
    BackupManifest create(BackupType type, String reason, boolean allowNewKey, Progress progress);

    /**
     * The backup key file this engine encrypts and authenticates with: {@code backup.encryption-key-file}, or
     * {@code secrets/backup.key} in the home. {@link #create} makes it on first use.
     */
    Path keyFile();

    /**
     * Published backups newer than {@code maxAge} (all when null), newest first: only those whose manifest MAC
     * holds under the backup key; see {@link #unlisted()} for the rest.
     */
    List<BackupManifest> list(Duration maxAge);

    /**
     * Folders of the backup directory that hold a manifest but are not listed: copied or renamed
     * ({@code misplaced}: a backup is valid only in the folder of its own id), a manifest that fails its MAC
     * ({@code manifest-mac}: edited, MAC deleted, made with another key, or the key file missing) or unreadable.
     */
    List<UnlistedBackup> unlisted();

    /**
     * Checks the manifest MAC, that the manifest is the one of backup {@code id} (a folder copied or
     * renamed under another id fails as {@code misplaced}), every part's checksums and authentication tags, parses every RDB
     * record including the CRC64 footer, and compares key counts with the manifest; with
     * {@code drill}, also restores each RDB into a throwaway local redis-server, compares dataset
     * digests and runs {@code redis-check-rdb}.
     *
     * @throws StewardException when the backup does not exist or the key is missing
     */
    default VerifyReport verify(String id, boolean drill) {
        return verify(id, drill, Progress.NONE);
    }

    /**
     * As {@link #verify(String, boolean)}, telling {@code progress} how many of the parts' stored bytes
     * have been checked (phase {@link #VERIFY_PHASE}), on the calling thread.
     */
    VerifyReport verify(String id, boolean drill, Progress progress);

    /** The {@link Progress} phase of {@link #verify(String, boolean, Progress)}. */
    String VERIFY_PHASE = "verify";

    /**
     * Applies the retention (from steward.yaml unless given) to the catalog, and removes the drafts
     * of backups whose writer is gone (never one a running backup still writes).
     */
    CleanupReport cleanup(BackupConfig.Retention retention, boolean dryRun);

    /**
     * Restores a backup: its function libraries with {@code FUNCTION RESTORE ... REPLACE}, then its
     * keys, each into its database with its absolute expiry and LRU idle time or LFU counter, with
     * pipelined {@code RESTORE key ttl payload REPLACE ABSTTL [IDLETIME s | FREQ f]}. Keys whose
     * expiry has passed are skipped. From before the first key is sent until every key is
     * acknowledged, a {@link RestoreJournal} in the deployment's home records the restore, so one
     * that is killed part-way stays visible; a restore into the same target completes it (keeping
     * the first roll-back point, without taking another pre-restore backup of the partly restored
     * data).
     *
     * @throws StewardException           when not confirmed, the backup fails verification, or an
     *                                    unfinished restore still runs or went into another target
     * @throws ForeignTargetException     when {@code options} name a target outside the deployment
     *                                    without its credentials (nothing is sent to it)
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

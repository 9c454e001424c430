/**
 * The byte pipeline of backups, used by {@link io.steward.backup}: pulling an RDB from a live
 * server over the replication protocol ({@link io.steward.backup.internal.ReplicationStreamReader}),
 * and turning raw bytes into a stored file and back
 * ({@link io.steward.backup.internal.BackupPipeline}: SHA-256, zstd, AES-256-GCM in authenticated
 * chunks under a {@link io.steward.backup.internal.BackupKey}).
 *
 * <p>Internal: these types may change in any release without notice.
 */
package io.steward.backup.internal;

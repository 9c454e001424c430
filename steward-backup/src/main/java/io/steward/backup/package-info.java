/**
 * Backups and restores: RDB snapshots streamed from a live server over the replication protocol,
 * hashed, compressed and encrypted in authenticated chunks into a catalog under the Steward home;
 * verification that parses every record (and with a drill restores into a throwaway server);
 * retention; and restore of function libraries ({@code FUNCTION RESTORE}) and keys (pipelined
 * {@code RESTORE ... REPLACE ABSTTL} with LRU/LFU data), refusing before any write what the target
 * cannot take.
 *
 * <p>{@link io.steward.backup.BackupEngine} is the entry point the CLI and the daemon's
 * schedules call; it returns values and never prints.
 */
package io.steward.backup;

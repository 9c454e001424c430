package io.steward.backup;

import java.util.List;

/**
 * What a retention run deleted (or, in a dry run, would delete) and kept.
 *
 * @param reclaimedDrafts ids of unfinished backups whose writer is gone (killed or crashed) and
 *                        whose hidden {@code .partial-ID} folders were removed (or would be)
 * @param skipped         folders retention did not judge, neither deleting nor keeping them on their word:
 *                        manifests that fail their MAC (edited, MAC deleted, another key), misplaced or unreadable
 */
public record CleanupReport(
        boolean dryRun,
        List<BackupManifest> deleted,
        List<BackupManifest> kept,
        List<String> reclaimedDrafts,
        List<UnlistedBackup> skipped) {

    public CleanupReport {
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
        reclaimedDrafts = List.copyOf(reclaimedDrafts);
        skipped = List.copyOf(skipped);
    }
}

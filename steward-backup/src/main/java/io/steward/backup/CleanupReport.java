package io.steward.backup;

import java.util.List;

/**
 * What a retention run deleted (or, in a dry run, would delete) and kept.
 *
 * @param reclaimedDrafts ids of unfinished backups whose writer is gone (killed or crashed) and
 *                        whose hidden {@code .partial-ID} folders were removed (or would be)
 */
public record CleanupReport(
        boolean dryRun, List<BackupManifest> deleted, List<BackupManifest> kept, List<String> reclaimedDrafts) {

    public CleanupReport {
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
        reclaimedDrafts = List.copyOf(reclaimedDrafts);
    }
}

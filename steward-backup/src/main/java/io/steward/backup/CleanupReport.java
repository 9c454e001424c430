package io.steward.backup;

import java.util.List;

/**
 * What a retention run deleted (or, in a dry run, would delete) and kept.
 */
public record CleanupReport(boolean dryRun, List<BackupManifest> deleted, List<BackupManifest> kept) {

    public CleanupReport {
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
    }
}

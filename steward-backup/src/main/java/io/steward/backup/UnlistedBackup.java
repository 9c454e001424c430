package io.steward.backup;

import java.util.Objects;

/**
 * A folder in the backup directory that holds a manifest but is not listed as a backup.
 *
 * @param folder the folder's name in the backup directory
 * @param check  why: {@code misplaced} (the manifest names another backup: the folder was copied or
 *               renamed) or {@code manifest} (the manifest cannot be read)
 * @param detail what was found and what to do
 */
public record UnlistedBackup(String folder, String check, String detail) {

    public UnlistedBackup {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(detail, "detail");
    }
}

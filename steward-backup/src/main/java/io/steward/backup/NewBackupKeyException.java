package io.steward.backup;

import io.steward.StewardException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A backup would be made with a key that no backup in the catalog was made with: the key file is
 * missing (a new key would be generated) or holds another key. Refused unless asked for, because
 * backups under a new key do not help anyone who needs the old ones, and a lost key file is best
 * noticed while the backups it reads are still there. Nothing was written.
 */
public class NewBackupKeyException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final transient Path keyFile;
    private final String keyId;
    private final transient List<String> catalogKeyIds;

    /**
     * @param keyId         the id of the key in {@code keyFile}, or {@code null} if the file is missing
     * @param catalogKeyIds the key ids of the catalog's backups, newest backup's first
     */
    public NewBackupKeyException(Path keyFile, String keyId, List<String> catalogKeyIds, int backups, Path catalog) {
        super(message(keyFile, keyId, catalogKeyIds, backups, catalog));
        this.keyFile = keyFile;
        this.keyId = keyId;
        this.catalogKeyIds = List.copyOf(catalogKeyIds);
    }

    private static String message(Path keyFile, String keyId, List<String> catalogKeyIds, int backups, Path catalog) {
        String file = keyId == null
                ? "the backup key file " + keyFile + " is missing (a new key would be made)"
                : "the backup key file " + keyFile + " holds key " + keyId;
        String ids =
                catalogKeyIds.size() == 1 ? "key " + catalogKeyIds.get(0) : "keys " + String.join(", ", catalogKeyIds);
        return file + ", but the " + backups + " backup(s) in " + catalog + " were made with " + ids
                + "; nothing was written. Restore the key file from where it was kept, or pass --new-key"
                + " to start a new key knowingly (older backups still need their own key)";
    }

    /** The key file that was missing or held another key. */
    public Path keyFile() {
        return keyFile;
    }

    /** The id of the key in the file, empty when the file is missing. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** The key ids of the catalog's backups, newest backup's first. */
    public List<String> catalogKeyIds() {
        return catalogKeyIds;
    }
}

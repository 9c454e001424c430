package io.steward.backup;

import io.steward.StewardException;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.rdb.RdbContents;
import io.steward.backup.rdb.RdbReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Refuses, before a restore writes anything (and before its pre-restore backup), a backup holding
 * what a restore over the network cannot recreate in its target: module data (a module type's
 * values {@code RESTORE} only on a server that has loaded the module; module auxiliary data has no
 * command at all) and, into a cluster, keys outside database 0. What a part holds comes from its
 * manifest; a part whose manifest does not record it, or records module data (a manifest names no
 * key), is read once first.
 */
final class RestoreCheck {

    private static final String MODULE_ADVICE = ". RESTORE recreates a module type's values only on a server"
            + " that has loaded the module, and module auxiliary data not at all: load the backup's RDB into a"
            + " redis-server that loads the module instead (for a stopped node of the local deployment,"
            + " 'steward restore ID --confirm --target HOST:PORT' swaps its files)";

    private RestoreCheck() {}

    /**
     * @param contents what each RDB part holds, see {@link #contentsOf}
     * @throws RestoreRefusedException naming each thing that cannot be restored, and where it is
     */
    static void requireRestorable(
            BackupManifest manifest, boolean intoCluster, String where, Function<BackupPart, RdbContents> contents) {
        List<String> problems = new ArrayList<>();
        if (intoCluster) {
            manifest.keysPerDb().keySet().stream()
                    .filter(db -> db != 0)
                    .findFirst()
                    .ifPresent(db -> problems.add(ClusterRestoreWriter.databaseRefusal(db)));
        }
        boolean modules = false;
        for (BackupPart part : manifest.rdbParts()) {
            for (RdbContents.ModuleData m : contents.apply(part).modules()) {
                problems.add(part.file() + " holds " + describe(m));
                modules = true;
            }
        }
        if (!problems.isEmpty()) {
            throw new RestoreRefusedException("restore of " + manifest.id() + " refused, nothing was written to "
                    + where + ": " + String.join("; ", problems) + (modules ? MODULE_ADVICE : ""));
        }
    }

    /**
     * What {@code part} holds: from the manifest when it records it and there is no module data to
     * name keys of; otherwise read from the part (decrypted and parsed, nothing written).
     *
     * @throws io.steward.BackupCorruptedException when the part does not read
     */
    static RdbContents contentsOf(Path backupDir, BackupPart part, BackupKey key) {
        if (part.contents() != null && !part.contents().hasModuleData()) {
            return part.contents();
        }
        try (InputStream in = StreamingBackupEngine.decryptedForRestore(backupDir.resolve(part.file()), key)) {
            return RdbReader.read(in, (entry, value) -> {}, false).contents();
        } catch (IOException e) {
            throw new StewardException("cannot read " + part.file() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(RdbContents.ModuleData m) {
        StringBuilder s = new StringBuilder();
        String type = "module type '" + m.typeName() + "' (type id " + Long.toUnsignedString(m.typeId())
                + ", encoding version " + m.encodingVersion() + ")";
        if (m.keys() > 0) {
            s.append(m.keys())
                    .append(m.keys() == 1 ? " key" : " keys")
                    .append(" of ")
                    .append(type);
            if (m.firstKey() != null) {
                s.append(m.keys() == 1 ? ": '" : ", the first '")
                        .append(m.firstKey())
                        .append("' in db ")
                        .append(m.firstKeyDb());
            }
        }
        if (m.auxRecords() > 0) {
            s.append(m.keys() > 0 ? " and " : "")
                    .append(m.auxRecords())
                    .append(" module auxiliary ")
                    .append(m.auxRecords() == 1 ? "record" : "records")
                    .append(" of ")
                    .append(m.keys() > 0 ? "that type" : type);
        }
        return s.toString();
    }
}

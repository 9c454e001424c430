package io.steward.backup;

import io.steward.HostAndPort;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.internal.BackupPipeline;
import io.steward.backup.rdb.RdbContents;
import io.steward.backup.rdb.RdbReader;
import io.steward.backup.rdb.RdbSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Publishes a hand-made RDB as a backup in a Steward home's catalog, encrypted, checksummed and
 * with an authenticated manifest, exactly as {@code backup create} would have written it: for RDB
 * contents no server writes without modules or a release candidate.
 */
final class CraftedBackup {

    private CraftedBackup() {}

    /**
     * @param recordContents whether the manifest records what the RDB holds, as manifests do since
     *     they record it; without, it looks like a backup taken before
     * @return the backup's id
     */
    static String publish(Path home, String id, byte[] rdb, boolean recordContents) throws IOException {
        RdbSummary summary = RdbReader.read(new ByteArrayInputStream(rdb), (entry, value) -> {}, false);
        return publish(home, id, rdb, recordContents ? summary.contents().withoutKeyNames() : null);
    }

    /** As {@link #publish(Path, String, byte[], boolean)} with the manifest recording {@code contents}, true or not. */
    static String publish(Path home, String id, byte[] rdb, RdbContents contents) throws IOException {
        BackupKey key = BackupKey.createIfMissing(home.resolve("secrets").resolve("backup.key"));
        BackupCatalog.Draft draft = new BackupCatalog(home.resolve("backups")).draft(id);
        String file = "shard-0-6379.rdb.zst.enc";
        BackupPipeline.Totals totals;
        try (OutputStream out = draft.create(file);
                BackupPipeline.Sink sink = BackupPipeline.open(out, key, BackupPipeline.DEFAULT_ZSTD_LEVEL)) {
            sink.write(rdb);
            totals = sink.finish();
        }
        RdbSummary summary = RdbReader.read(new ByteArrayInputStream(rdb), (entry, value) -> {}, false);
        BackupPart part = new BackupPart(
                file,
                BackupPart.Kind.RDB,
                HostAndPort.of("127.0.0.1", 6379),
                "master",
                totals.rawBytes(),
                totals.storedBytes(),
                totals.rawSha256(),
                totals.storedSha256(),
                summary.keysPerDb(),
                contents);
        BackupManifest manifest = new BackupManifest(
                id,
                BackupType.RDB,
                "manual",
                Instant.now(),
                "it",
                "standalone",
                "7.0.15",
                summary.rdbVersion(),
                BackupManifest.COMPRESSION,
                BackupManifest.ENCRYPTION,
                key.id(),
                List.of(part));
        byte[] json = ManifestCodec.toJson(manifest);
        draft.publish(json, ManifestCodec.mac(json, key));
        return id;
    }
}

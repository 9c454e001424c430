package io.steward.bench;

import io.steward.StewardException;
import io.steward.backup.BackupManifest;
import io.steward.backup.BackupPart;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.internal.BackupPipeline;
import io.steward.backup.internal.RestoreEncoder;
import io.steward.backup.rdb.RdbReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The restore peer's input: the keys of a Steward backup as RESP {@code RESTORE key ttl payload
 * REPLACE ABSTTL [IDLETIME s | FREQ f]} commands (ttl the absolute expiry in ms, 0 for none),
 * encoded by the {@link RestoreEncoder} Steward's restore sends them with, for {@code redis-cli
 * --pipe}. Keys whose expiry has passed are left out, as Steward's restore leaves them out; a {@code
 * SELECT} precedes the keys of any database other than 0.
 */
final class RestoreCommandFile {

    /**
     * @param commands every command written, {@code SELECT}s included (redis-cli --pipe counts a reply per command)
     * @param keys     the RESTORE commands
     * @param bytes    the file's size
     */
    record Written(long commands, long keys, long bytes) {}

    private RestoreCommandFile() {}

    /** Decrypts and parses every RDB part of the backup in {@code backupDir} and writes {@code out}. */
    static Written write(Path backupDir, BackupManifest manifest, BackupKey key, Path out, long nowMillis) {
        long[] counts = new long[2];
        int[] db = {0};
        try (OutputStream file = Files.newOutputStream(out)) {
            RestoreEncoder o = new RestoreEncoder(file, 1 << 20);
            for (BackupPart part : manifest.rdbParts()) {
                try (InputStream in = BackupPipeline.openForRead(
                        new BufferedInputStream(Files.newInputStream(backupDir.resolve(part.file())), 1 << 16), key)) {
                    RdbReader.read(
                            in,
                            (entry, value) -> {
                                long expireAt = entry.expireAtMillis();
                                if (expireAt >= 0 && expireAt <= nowMillis) {
                                    return;
                                }
                                try {
                                    if (entry.db() != db[0]) {
                                        db[0] = entry.db();
                                        o.select(db[0]);
                                        counts[0]++;
                                    }
                                    o.restore(entry, value, manifest.rdbVersion());
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                                counts[0]++;
                                counts[1]++;
                            },
                            false);
                }
            }
            o.flush();
        } catch (IOException | UncheckedIOException e) {
            throw new StewardException("cannot write the RESTORE commands to " + out + ": " + e.getMessage(), e);
        }
        return new Written(counts[0], counts[1], BenchFiles.size(out));
    }
}

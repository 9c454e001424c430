package io.steward.bench;

import io.steward.StewardException;
import io.steward.backup.BackupManifest;
import io.steward.backup.BackupPart;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.internal.BackupPipeline;
import io.steward.backup.rdb.DumpPayload;
import io.steward.backup.rdb.RdbReader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The restore peer's input: the keys of a Steward backup as RESP {@code RESTORE key ttl payload
 * REPLACE ABSTTL} commands (ttl the absolute expiry in ms, 0 for none), the payloads built as
 * Steward's restore builds them, for {@code redis-cli --pipe}. Keys whose expiry has passed are left
 * out, as Steward's restore leaves them out; a {@code SELECT} precedes the keys of any database
 * other than 0.
 */
final class RestoreCommandFile {

    private static final byte[] RESTORE = "*6\r\n$7\r\nRESTORE\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACE_ABSTTL =
            "$7\r\nREPLACE\r\n$6\r\nABSTTL\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

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
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
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
                                        command(o, "SELECT", Integer.toString(db[0]));
                                        counts[0]++;
                                    }
                                    restore(
                                            o,
                                            entry.key(),
                                            Math.max(expireAt, 0),
                                            DumpPayload.of(value.encodedValue(), manifest.rdbVersion()));
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                                counts[0]++;
                                counts[1]++;
                            },
                            true);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StewardException("cannot write the RESTORE commands to " + out + ": " + e.getMessage(), e);
        }
        return new Written(counts[0], counts[1], BenchFiles.size(out));
    }

    /** One {@code RESTORE key expireAtMillis payload REPLACE ABSTTL} in RESP. */
    static void restore(OutputStream o, byte[] key, long expireAtMillis, byte[] payload) throws IOException {
        o.write(RESTORE);
        bulk(o, key);
        bulk(o, ascii(Long.toString(expireAtMillis)));
        bulk(o, payload);
        o.write(REPLACE_ABSTTL);
    }

    private static void command(OutputStream o, String... args) throws IOException {
        o.write(ascii("*" + args.length + "\r\n"));
        for (String arg : args) {
            bulk(o, ascii(arg));
        }
    }

    private static void bulk(OutputStream o, byte[] bytes) throws IOException {
        o.write(ascii("$" + bytes.length + "\r\n"));
        o.write(bytes);
        o.write(CRLF);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

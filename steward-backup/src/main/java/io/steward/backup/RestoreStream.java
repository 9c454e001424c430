package io.steward.backup;

import io.steward.StewardException;
import io.steward.backup.rdb.DumpPayload;
import io.steward.backup.rdb.RdbEntry;
import io.steward.backup.rdb.RdbReader;
import io.steward.backup.rdb.RdbValueSource;
import io.steward.backup.rdb.RdbVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the records of RDB parts through a {@link RestoreWriter} in file order. Function libraries
 * (Redis writes them before the keys) go together in one {@code FUNCTION RESTORE} before the next
 * key or at the end of the part; every key whose expiry has not passed goes as {@code RESTORE} with
 * its expiry and LRU/LFU data. Auxiliary fields and {@code RESIZEDB} hints describe the source and
 * are not written; {@code SELECTDB} becomes each key's database. Module data never gets here: {@link
 * RestoreCheck} refuses it before anything is written. Not thread-safe.
 */
final class RestoreStream implements RdbVisitor {

    private final RestoreWriter writer;
    private final int rdbVersion;
    private final long nowMillis;
    private final List<byte[]> pendingFunctions = new ArrayList<>();
    private long functionLibraries;
    private long expected;
    private long expired;

    /**
     * @param rdbVersion the backup's RDB version, written into every payload
     * @param nowMillis  keys expiring at or before this time are skipped
     */
    RestoreStream(RestoreWriter writer, int rdbVersion, long nowMillis) {
        this.writer = writer;
        this.rdbVersion = rdbVersion;
        this.nowMillis = nowMillis;
    }

    /**
     * Reads one RDB part to its end and writes what it holds.
     *
     * @throws UncheckedIOException when writing to the target fails
     * @throws io.steward.BackupCorruptedException when the part is not a valid RDB
     */
    void write(InputStream rdb) throws IOException, InterruptedException {
        RdbReader.read(rdb, this, false);
        flushFunctions();
    }

    @Override
    public void function(byte[] librarySource) {
        pendingFunctions.add(librarySource);
    }

    @Override
    public void entry(RdbEntry entry, RdbValueSource value) {
        try {
            flushFunctions();
            long expireAt = entry.expireAtMillis();
            if (expireAt >= 0 && expireAt <= nowMillis) {
                expired++;
                return;
            }
            expected++;
            writer.restore(entry, value, rdbVersion);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted", e);
        }
    }

    private void flushFunctions() throws IOException, InterruptedException {
        if (pendingFunctions.isEmpty()) {
            return;
        }
        writer.restoreFunctions(DumpPayload.ofFunctions(pendingFunctions, rdbVersion));
        functionLibraries += pendingFunctions.size();
        pendingFunctions.clear();
    }

    /** Function libraries the target took. */
    long functionLibraries() {
        return functionLibraries;
    }

    /** Keys sent: those that had not expired. */
    long expected() {
        return expected;
    }

    /** Keys skipped because their expiry had passed. */
    long expired() {
        return expired;
    }
}

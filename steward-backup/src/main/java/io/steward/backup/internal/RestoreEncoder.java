package io.steward.backup.internal;

import io.steward.backup.rdb.DumpPayload;
import io.steward.backup.rdb.RdbEntry;
import io.steward.backup.rdb.RdbValueSource;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the commands of a restore as RESP into a buffer in front of {@code out}: {@code RESTORE key
 * ttl payload REPLACE ABSTTL [IDLETIME s | FREQ f]} per key (ttl the absolute expiry in ms, 0 for
 * none), {@code SELECT} and other commands as arrays of bulk strings. {@link RestorePipe} sends what
 * it encodes; the restore benchmark writes the same bytes to a file for {@code redis-cli --pipe}.
 * Nothing is allocated per key. Not thread-safe.
 */
public final class RestoreEncoder implements Flushable {

    private static final byte[] RESTORE = ascii("*6\r\n$7\r\nRESTORE\r\n");
    private static final byte[] RESTORE_WITH_USAGE = ascii("*8\r\n$7\r\nRESTORE\r\n");
    private static final byte[] REPLACE_ABSTTL = ascii("$7\r\nREPLACE\r\n$6\r\nABSTTL\r\n");
    private static final byte[] IDLETIME = ascii("$8\r\nIDLETIME\r\n");
    private static final byte[] FREQ = ascii("$4\r\nFREQ\r\n");

    private final RespOutput out;

    /** @param bufferSize bytes buffered before a write to {@code out} */
    public RestoreEncoder(OutputStream out, int bufferSize) {
        this.out = new RespOutput(out, bufferSize);
    }

    /**
     * {@code RESTORE} of {@code entry} (its database is not selected here), with its LFU counter when
     * the backup has one, else its LRU idle time when it has one. Redis refuses both in one command;
     * a file holds at most one of them per key.
     */
    public void restore(RdbEntry entry, RdbValueSource value, int rdbVersion) throws IOException {
        boolean frequency = entry.lfuFrequency() >= 0;
        boolean idle = !frequency && entry.idleSeconds() >= 0;
        byte[] start = frequency || idle ? RESTORE_WITH_USAGE : RESTORE;
        out.write(start, 0, start.length);
        out.bulk(entry.key());
        out.bulkDecimal(Math.max(entry.expireAtMillis(), 0));
        out.bulkHeader(DumpPayload.length(value));
        DumpPayload.write(value, rdbVersion, out);
        out.crlf();
        out.write(REPLACE_ABSTTL, 0, REPLACE_ABSTTL.length);
        if (frequency) {
            out.write(FREQ, 0, FREQ.length);
            out.bulkDecimal(entry.lfuFrequency());
        } else if (idle) {
            out.write(IDLETIME, 0, IDLETIME.length);
            out.bulkDecimal(entry.idleSeconds());
        }
    }

    /** {@code SELECT db}. */
    public void select(int db) throws IOException {
        command(ascii("SELECT"), ascii(Integer.toString(db)));
    }

    /** Any command, as an array of bulk strings. */
    public void command(byte[]... args) throws IOException {
        out.command(args);
    }

    /** Bytes encoded so far, buffered ones included: where the next command starts. */
    public long position() {
        return out.position();
    }

    /** Bytes handed to the stream so far; commands ending at or before this are complete there. */
    public long drained() {
        return out.drained();
    }

    /** Writes what is buffered to the stream and flushes it. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

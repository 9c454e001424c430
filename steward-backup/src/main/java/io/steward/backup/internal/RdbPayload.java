package io.steward.backup.internal;

import io.steward.BackupCorruptedException;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Copies the RDB payload of a full synchronisation to a sink, given the line that announced it:
 * {@code $<length>} (the server saved the RDB to disk first) or {@code $EOF:<40-byte mark>} (the
 * server streams it and ends it with the mark). The mark is recognised at the end of what has
 * arrived so far, holding back the last 40 bytes, so the copy never asks for a byte after the mark:
 * what follows is the replication stream, which a backup does not want and which may not come.
 *
 * <p>Errors of the connection become Steward exceptions; errors of the sink pass through as
 * {@link IOException}.
 */
final class RdbPayload {

    static final int MARK_LENGTH = 40;
    private static final int BUFFER = 64 * 1024;

    private final HostAndPort endpoint;

    /** Bytes copied and whether the payload was framed by a mark. */
    record Copied(long bytes, boolean diskless) {}

    RdbPayload(HostAndPort endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * @throws StewardException if {@code header} announces no payload
     * @throws BackupCorruptedException {@code transfer-truncated} if the stream ends early
     */
    Copied copy(String header, InputStream in, OutputStream sink) throws IOException {
        if (header.startsWith("$EOF:")) {
            byte[] mark = header.substring(5).getBytes(StandardCharsets.ISO_8859_1);
            if (mark.length != MARK_LENGTH) {
                throw new StewardException(
                        endpoint + ": the end mark of the RDB has " + mark.length + " bytes, expected " + MARK_LENGTH);
            }
            return new Copied(copyUntilMark(mark, in, sink), true);
        }
        if (header.startsWith("$")) {
            long length;
            try {
                length = Long.parseLong(header.substring(1));
            } catch (NumberFormatException e) {
                throw new StewardException(endpoint + ": unexpected RDB header '" + header + "'", e);
            }
            if (length < 0) {
                throw new StewardException(endpoint + ": negative RDB length " + length);
            }
            copyExactly(length, in, sink);
            return new Copied(length, false);
        }
        throw new StewardException(endpoint + ": expected the RDB payload, got '" + header + "'");
    }

    private void copyExactly(long length, InputStream in, OutputStream sink) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long left = length;
        while (left > 0) {
            int n = read(in, buffer, 0, (int) Math.min(buffer.length, left), length - left, length);
            sink.write(buffer, 0, n);
            left -= n;
        }
    }

    private long copyUntilMark(byte[] mark, InputStream in, OutputStream sink) throws IOException {
        byte[] buffer = new byte[BUFFER + MARK_LENGTH];
        int held = 0; // bytes at the start of buffer that may be the beginning of the mark
        long written = 0;
        while (true) {
            int n = read(in, buffer, held, buffer.length - held, written + held, -1);
            int total = held + n;
            if (total >= MARK_LENGTH && Arrays.equals(buffer, total - MARK_LENGTH, total, mark, 0, MARK_LENGTH)) {
                sink.write(buffer, 0, total - MARK_LENGTH);
                return written + total - MARK_LENGTH;
            }
            int release = Math.max(0, total - MARK_LENGTH);
            sink.write(buffer, 0, release);
            written += release;
            held = total - release;
            System.arraycopy(buffer, release, buffer, 0, held);
        }
    }

    /** At least one byte from the connection; {@code expected} is -1 when the length is unknown. */
    private int read(InputStream in, byte[] buffer, int off, int len, long received, long expected) {
        int n;
        try {
            n = in.read(buffer, off, len);
        } catch (SocketTimeoutException e) {
            throw new ConnectionFailedException(
                    endpoint,
                    ConnectionFailedException.Reason.TIMED_OUT,
                    "no data after " + received + " bytes of the RDB",
                    e);
        } catch (IOException e) {
            throw truncated(received, expected, e.getMessage(), e);
        }
        if (n < 0) {
            throw truncated(received, expected, "connection closed", null);
        }
        return n;
    }

    private BackupCorruptedException truncated(long received, long expected, String why, Throwable cause) {
        String of = expected < 0 ? " before the end mark" : " of " + expected;
        return new BackupCorruptedException(
                "transfer-truncated",
                endpoint + " sent " + received + " bytes" + of + " and stopped (" + why + ")",
                cause);
    }
}

package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The payload {@code DUMP} returns and {@code RESTORE} accepts: an encoded value (object type byte +
 * value bytes, as in an RDB file), the RDB version as 2 little-endian bytes, and the CRC-64 of all of
 * that as 8 little-endian bytes. {@code FUNCTION DUMP}/{@code FUNCTION RESTORE} use the same frame
 * around function library records ({@link #ofFunctions}).
 */
public final class DumpPayload {

    private static final int FOOTER_SIZE = 10;

    private DumpPayload() {}

    /**
     * The {@code RESTORE} payload of an encoded value taken from an RDB file of {@code rdbVersion}.
     * Redis refuses payloads whose version is newer than its own.
     */
    public static byte[] of(byte[] encodedValue, int rdbVersion) {
        if (encodedValue.length == 0) {
            throw new IllegalArgumentException("encodedValue is empty: it starts with the object type byte");
        }
        checkVersion(rdbVersion);
        int n = encodedValue.length;
        byte[] dump = Arrays.copyOf(encodedValue, n + FOOTER_SIZE);
        dump[n] = (byte) rdbVersion;
        dump[n + 1] = (byte) (rdbVersion >>> 8);
        long crc = Crc64.of(dump, 0, n + 2);
        for (int i = 0; i < 8; i++) {
            dump[n + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return dump;
    }

    /**
     * The payload {@code FUNCTION DUMP} returns and {@code FUNCTION RESTORE} accepts for these
     * libraries: one {@code FUNCTION2} record (opcode 245, the library source as an RDB string) per
     * library, then the RDB version and the CRC-64, as for a key.
     *
     * @param librarySources each library's {@code FUNCTION LOAD} source, as {@link RdbVisitor#function} gives it
     */
    public static byte[] ofFunctions(List<byte[]> librarySources, int rdbVersion) {
        checkVersion(rdbVersion);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] source : librarySources) {
            out.write(RdbFormat.OPCODE_FUNCTION2);
            writeLength(out, source.length);
            out.writeBytes(source);
        }
        out.write(rdbVersion);
        out.write(rdbVersion >>> 8);
        byte[] body = out.toByteArray();
        long crc = Crc64.of(body, 0, body.length);
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)));
        }
        return out.toByteArray();
    }

    /** An RDB length (rdb.c {@code rdbSaveLen}): 6, 14, 32 or 64 bits after a 2-bit or 1-byte prefix. */
    private static void writeLength(ByteArrayOutputStream out, long n) {
        if (n < (1 << 6)) {
            out.write((int) n);
        } else if (n < (1 << 14)) {
            out.write(0x40 | (int) (n >>> 8));
            out.write((int) n);
        } else if (n <= 0xffffffffL) {
            out.write(0x80);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (n >>> (8 * i)));
            }
        } else {
            out.write(0x81);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (n >>> (8 * i)));
            }
        }
    }

    /** The length of the {@code RESTORE} payload of {@code value}: its encoded length plus version and CRC. */
    public static int length(RdbValueSource value) {
        return value.encodedLength() + FOOTER_SIZE;
    }

    /**
     * Writes the {@code RESTORE} payload of the value being visited, the bytes {@link #of} would return
     * for its {@link RdbValueSource#encodedValue()}, straight from the reader's buffer: no copy of the
     * value and no allocation. The restore's hot path.
     */
    public static void write(RdbValueSource value, int rdbVersion, OutputStream out) throws IOException {
        checkVersion(rdbVersion);
        byte[] bytes;
        int n;
        if (value instanceof RdbReader.CapturedValue captured) {
            bytes = captured.buffer();
            n = captured.encodedLength();
        } else {
            bytes = value.encodedValue();
            n = bytes.length;
        }
        out.write(bytes, 0, n);
        long crc = Crc64.update(0, bytes, 0, n);
        crc = Crc64.update(crc, (byte) rdbVersion);
        crc = Crc64.update(crc, (byte) (rdbVersion >>> 8));
        out.write(rdbVersion);
        out.write(rdbVersion >>> 8);
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)));
        }
    }

    private static void checkVersion(int rdbVersion) {
        if (rdbVersion < RdbFormat.MIN_VERSION || rdbVersion > 0xffff) {
            throw new IllegalArgumentException("rdbVersion " + rdbVersion + " out of range");
        }
    }

    /**
     * The encoded value inside a {@code DUMP} payload, after checking its CRC-64 and version.
     *
     * @throws BackupCorruptedException ({@code dump-payload}) when the payload is too short, its CRC
     *     does not match, or its RDB version is one this package cannot read
     */
    public static byte[] encodedValueOf(byte[] dump) {
        int version = rdbVersionOf(dump);
        if (version < RdbFormat.MIN_VERSION || version > RdbFormat.MAX_VERSION) {
            throw new BackupCorruptedException(
                    "dump-payload", "RDB version " + version + " is not 1 to " + RdbFormat.MAX_VERSION);
        }
        int n = dump.length - FOOTER_SIZE;
        long stored = 0;
        for (int i = 7; i >= 0; i--) {
            stored = (stored << 8) | (dump[n + 2 + i] & 0xff);
        }
        long computed = Crc64.of(dump, 0, n + 2);
        if (stored != computed) {
            throw new BackupCorruptedException(
                    "dump-payload",
                    "CRC-64 0x" + Long.toHexString(stored) + " does not match the contents (0x"
                            + Long.toHexString(computed) + ")");
        }
        return Arrays.copyOf(dump, n);
    }

    /**
     * The RDB version a {@code DUMP} payload declares (unverified).
     *
     * @throws BackupCorruptedException ({@code dump-payload}) when it is too short to hold one
     */
    public static int rdbVersionOf(byte[] dump) {
        if (dump.length < FOOTER_SIZE + 1) {
            throw new BackupCorruptedException("dump-payload", dump.length + " bytes is too short for a DUMP payload");
        }
        int n = dump.length - FOOTER_SIZE;
        return (dump[n] & 0xff) | (dump[n + 1] & 0xff) << 8;
    }
}

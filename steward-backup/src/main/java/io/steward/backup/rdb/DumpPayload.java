package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import java.util.Arrays;

/**
 * The payload {@code DUMP} returns and {@code RESTORE} accepts: an encoded value (object type byte +
 * value bytes, as in an RDB file), the RDB version as 2 little-endian bytes, and the CRC-64 of all of
 * that as 8 little-endian bytes.
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
        if (rdbVersion < RdbFormat.MIN_VERSION || rdbVersion > 0xffff) {
            throw new IllegalArgumentException("rdbVersion " + rdbVersion + " out of range");
        }
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

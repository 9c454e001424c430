package io.steward.backup.rdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The CRC-64 Redis uses for RDB files and {@code DUMP} payloads: CRC-64/Jones, reflected, polynomial
 * {@code 0xad93d23594c935a9}, initial value 0, no final xor. {@code crc64("123456789")} is {@code
 * 0xe9c6d914c4b8d9ca}.
 *
 * <p>Computed eight bytes at a time (slicing-by-8), so it keeps up with a disk read. Not thread-safe.
 */
public final class Crc64 {

    private static final long POLYNOMIAL_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    private static final long[][] TABLES = tables();
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long crc;

    /** A CRC of no bytes (0). */
    public Crc64() {}

    /** The CRC of {@code bytes[offset, offset + length)}. */
    public static long of(byte[] bytes, int offset, int length) {
        return update(0, bytes, offset, length);
    }

    /** Adds {@code bytes[offset, offset + length)} to the CRC. */
    public void update(byte[] bytes, int offset, int length) {
        crc = update(crc, bytes, offset, length);
    }

    /**
     * The CRC of the bytes whose CRC is {@code crc} followed by {@code bytes[offset, offset + length)};
     * the allocation-free form for one value at a time.
     */
    public static long update(long crc, byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        long c = crc;
        int i = offset;
        int end = offset + length;
        long[] t0 = TABLES[0];
        long[] t1 = TABLES[1];
        long[] t2 = TABLES[2];
        long[] t3 = TABLES[3];
        long[] t4 = TABLES[4];
        long[] t5 = TABLES[5];
        long[] t6 = TABLES[6];
        long[] t7 = TABLES[7];
        while (end - i >= 8) {
            c ^= (long) LONG_LE.get(bytes, i);
            c = t7[(int) c & 0xff]
                    ^ t6[(int) (c >>> 8) & 0xff]
                    ^ t5[(int) (c >>> 16) & 0xff]
                    ^ t4[(int) (c >>> 24) & 0xff]
                    ^ t3[(int) (c >>> 32) & 0xff]
                    ^ t2[(int) (c >>> 40) & 0xff]
                    ^ t1[(int) (c >>> 48) & 0xff]
                    ^ t0[(int) (c >>> 56)];
            i += 8;
        }
        while (i < end) {
            c = t0[(int) (c ^ bytes[i++]) & 0xff] ^ (c >>> 8);
        }
        return c;
    }

    /** The CRC of the bytes whose CRC is {@code crc} followed by the byte {@code b}. */
    public static long update(long crc, byte b) {
        return TABLES[0][(int) (crc ^ b) & 0xff] ^ (crc >>> 8);
    }

    /** The CRC of the bytes added so far. */
    public long value() {
        return crc;
    }

    /** Starts again from no bytes. */
    public void reset() {
        crc = 0;
    }

    private static long[][] tables() {
        long[][] tables = new long[8][256];
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLYNOMIAL_REFLECTED : c >>> 1;
            }
            tables[0][n] = c;
        }
        for (int n = 0; n < 256; n++) {
            long c = tables[0][n];
            for (int k = 1; k < 8; k++) {
                c = tables[0][(int) c & 0xff] ^ (c >>> 8);
                tables[k][n] = c;
            }
        }
        return tables;
    }
}

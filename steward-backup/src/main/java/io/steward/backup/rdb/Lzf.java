package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;

/** LZF decompression, the format Redis compresses RDB strings with ({@code lzf_d.c}). */
final class Lzf {

    /** No LZF stream expands more than this: a three-byte back reference yields at most 264 bytes. */
    static final int MAX_EXPANSION = 132;

    private Lzf() {}

    /**
     * Decompresses {@code in[offset, offset + length)} into all of {@code out}.
     *
     * @param rdbOffset where the string starts in the RDB, for error messages
     * @throws BackupCorruptedException ({@code rdb-structure}) when the data does not decompress to
     *     exactly {@code out.length} bytes
     */
    static void decompress(byte[] in, int offset, int length, byte[] out, long rdbOffset) {
        int ip = offset;
        int end = offset + length;
        int op = 0;
        while (ip < end) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int run = ctrl + 1;
                if (op + run > out.length || ip + run > end) {
                    throw corrupt(rdbOffset, "literal run past the end");
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int len = ctrl >>> 5;
                if (ip >= end) {
                    throw corrupt(rdbOffset, "back reference cut short");
                }
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= end) {
                        throw corrupt(rdbOffset, "back reference cut short");
                    }
                }
                int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
                len += 2;
                if (ref < 0) {
                    throw corrupt(rdbOffset, "back reference before the start");
                }
                if (op + len > out.length) {
                    throw corrupt(rdbOffset, "back reference past the end");
                }
                if (ref + len <= op) {
                    System.arraycopy(out, ref, out, op, len);
                    op += len;
                } else {
                    // Overlapping copy repeats the pattern: byte by byte, as the format intends.
                    for (int i = 0; i < len; i++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        }
        if (op != out.length) {
            throw corrupt(rdbOffset, "decompressed to " + op + " bytes instead of " + out.length);
        }
    }

    private static BackupCorruptedException corrupt(long rdbOffset, String what) {
        return new BackupCorruptedException("rdb-structure", "LZF string at offset " + rdbOffset + ": " + what);
    }
}

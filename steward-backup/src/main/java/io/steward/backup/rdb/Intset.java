package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Decodes an intset ({@code intset.c}): 4-byte element width, 4-byte count, sorted little-endian integers. */
final class Intset {

    private Intset() {}

    /** The members as decimal text, in the intset's (numeric) order. */
    static List<byte[]> members(byte[] is) {
        if (is.length < 8) {
            throw corrupt("shorter than its header");
        }
        int width = littleEndianInt(is, 0);
        long count = littleEndianInt(is, 4) & 0xffffffffL;
        if (width != 2 && width != 4 && width != 8) {
            throw corrupt("element width " + width);
        }
        if (8 + count * width != is.length) {
            throw corrupt(count + " elements of " + width + " bytes do not fill " + (is.length - 8) + " bytes");
        }
        List<byte[]> members = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int at = 8 + i * width;
            long v = 0;
            for (int k = width - 1; k >= 0; k--) {
                v = (v << 8) | (is[at + k] & 0xff);
            }
            v = (v << (64 - 8 * width)) >> (64 - 8 * width);
            members.add(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        }
        return members;
    }

    private static int littleEndianInt(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private static BackupCorruptedException corrupt(String what) {
        return new BackupCorruptedException("rdb-structure", "intset: " + what);
    }
}

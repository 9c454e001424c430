package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks the elements of a ziplist ({@code ziplist.c}), the compact encoding RDB versions before 10
 * used: a 10-byte header, entries of previous-length + encoding + data, and an {@code 0xFF}
 * terminator. Integer entries are returned as their decimal text.
 */
final class ZiplistCursor {

    private static final int HEADER_SIZE = 10;
    private static final int END = 0xff;

    private final byte[] zl;
    private final int end;
    private int pos;

    ZiplistCursor(byte[] zl) {
        this.zl = zl;
        if (zl.length < HEADER_SIZE + 1) {
            throw corrupt("shorter than its header");
        }
        long total = (zl[0] & 0xffL) | (zl[1] & 0xffL) << 8 | (zl[2] & 0xffL) << 16 | (zl[3] & 0xffL) << 24;
        if (total != zl.length) {
            throw corrupt("header says " + total + " bytes, string holds " + zl.length);
        }
        if ((zl[zl.length - 1] & 0xff) != END) {
            throw corrupt("no terminator");
        }
        this.end = zl.length - 1;
        this.pos = HEADER_SIZE;
    }

    boolean hasNext() {
        return pos < end;
    }

    byte[] nextBytes() {
        if (!hasNext()) {
            throw corrupt("fewer entries than expected");
        }
        pos += (zl[pos] & 0xff) < 254 ? 1 : 5;
        need(1);
        int enc = zl[pos] & 0xff;
        switch (enc >>> 6) {
            case 0:
                return string(1, enc & 0x3f);
            case 1:
                need(2);
                return string(2, ((enc & 0x3f) << 8) | (zl[pos + 1] & 0xff));
            case 2:
                need(5);
                long len = (zl[pos + 1] & 0xffL) << 24
                        | (zl[pos + 2] & 0xffL) << 16
                        | (zl[pos + 3] & 0xffL) << 8
                        | (zl[pos + 4] & 0xffL);
                if (len > Integer.MAX_VALUE) {
                    throw corrupt("string length " + len);
                }
                return string(5, (int) len);
            default:
                return integer(enc);
        }
    }

    double nextDouble() {
        byte[] text = nextBytes();
        return Numbers.parseScore(text, 0, text.length);
    }

    private byte[] integer(int enc) {
        long v;
        switch (enc) {
            case 0xc0:
                need(3);
                v = (short) littleEndian(pos + 1, 2);
                pos += 3;
                break;
            case 0xd0:
                need(5);
                v = (int) littleEndian(pos + 1, 4);
                pos += 5;
                break;
            case 0xe0:
                need(9);
                v = littleEndian(pos + 1, 8);
                pos += 9;
                break;
            case 0xf0:
                need(4);
                v = (littleEndian(pos + 1, 3) << 40) >> 40;
                pos += 4;
                break;
            case 0xfe:
                need(2);
                v = zl[pos + 1];
                pos += 2;
                break;
            default:
                if (enc >= 0xf1 && enc <= 0xfd) {
                    v = (enc & 0x0f) - 1;
                    pos += 1;
                    break;
                }
                throw corrupt("unknown entry encoding 0x" + Integer.toHexString(enc) + " at " + pos);
        }
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] string(int headerSize, int length) {
        if ((long) pos + headerSize + length > end) {
            throw corrupt("string entry at " + pos + " runs past the terminator");
        }
        int start = pos + headerSize;
        pos = start + length;
        return Arrays.copyOfRange(zl, start, start + length);
    }

    private void need(int n) {
        if (pos + n > end) {
            throw corrupt("entry at " + pos + " cut short");
        }
    }

    private long littleEndian(int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (zl[at + i] & 0xff);
        }
        return v;
    }

    private static BackupCorruptedException corrupt(String what) {
        return new BackupCorruptedException("rdb-structure", "ziplist: " + what);
    }
}

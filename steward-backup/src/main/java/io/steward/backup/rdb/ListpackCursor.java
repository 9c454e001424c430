package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Walks the elements of a listpack ({@code listpack.c}): a 4-byte total size, a 2-byte element count,
 * elements of encoding + data + back-length, and an {@code 0xFF} terminator. Integer elements are
 * returned as their decimal text, which is how Redis hands them to clients.
 */
final class ListpackCursor {

    private static final int HEADER_SIZE = 6;
    private static final int EOF = 0xff;

    private final byte[] lp;
    private final int end;
    private int pos;
    /** Set by {@link #advance()}: the integer value, or the string's start and length. */
    private boolean isInteger;

    private long integer;
    private int stringStart;
    private int stringLength;

    ListpackCursor(byte[] lp) {
        this.lp = lp;
        if (lp.length < HEADER_SIZE + 1) {
            throw corrupt("shorter than its header");
        }
        long total = (lp[0] & 0xffL) | (lp[1] & 0xffL) << 8 | (lp[2] & 0xffL) << 16 | (lp[3] & 0xffL) << 24;
        if (total != lp.length) {
            throw corrupt("header says " + total + " bytes, string holds " + lp.length);
        }
        if ((lp[lp.length - 1] & 0xff) != EOF) {
            throw corrupt("no terminator");
        }
        this.end = lp.length - 1;
        this.pos = HEADER_SIZE;
    }

    boolean hasNext() {
        if (pos > end) {
            throw corrupt("element runs past the terminator");
        }
        return pos < end;
    }

    byte[] nextBytes() {
        advance();
        return isInteger
                ? Long.toString(integer).getBytes(StandardCharsets.US_ASCII)
                : Arrays.copyOfRange(lp, stringStart, stringStart + stringLength);
    }

    /** The next element as an integer (stream metadata is always integer-encoded). */
    long nextLong() {
        advance();
        if (isInteger) {
            return integer;
        }
        return Numbers.parseLong(lp, stringStart, stringLength);
    }

    /** The next element as a sorted-set score. */
    double nextDouble() {
        advance();
        if (isInteger) {
            return integer;
        }
        return Numbers.parseScore(lp, stringStart, stringLength);
    }

    private void advance() {
        if (!hasNext()) {
            throw corrupt("fewer elements than expected");
        }
        int start = pos;
        int b = lp[pos] & 0xff;
        if (b < 0x80) {
            setInteger(b, 1);
        } else if ((b & 0xc0) == 0x80) {
            setString(1, b & 0x3f);
        } else if ((b & 0xe0) == 0xc0) {
            need(2);
            long v = ((b & 0x1f) << 8) | (lp[pos + 1] & 0xff);
            setInteger(v >= 1 << 12 ? v - (1 << 13) : v, 2);
        } else if ((b & 0xf0) == 0xe0) {
            need(2);
            setString(2, ((b & 0x0f) << 8) | (lp[pos + 1] & 0xff));
        } else {
            switch (b) {
                case 0xf0:
                    need(5);
                    long len = littleEndian(pos + 1, 4);
                    if (len > Integer.MAX_VALUE) {
                        throw corrupt("string length " + len);
                    }
                    setString(5, (int) len);
                    break;
                case 0xf1:
                    need(3);
                    setInteger((short) littleEndian(pos + 1, 2), 3);
                    break;
                case 0xf2:
                    need(4);
                    setInteger((littleEndian(pos + 1, 3) << 40) >> 40, 4);
                    break;
                case 0xf3:
                    need(5);
                    setInteger((int) littleEndian(pos + 1, 4), 5);
                    break;
                case 0xf4:
                    need(9);
                    setInteger(littleEndian(pos + 1, 8), 9);
                    break;
                default:
                    throw corrupt("unknown element encoding 0x" + Integer.toHexString(b) + " at " + pos);
            }
        }
        long entryLength = pos - start;
        pos += backlenSize(entryLength);
        if (pos > end) {
            throw corrupt("element at " + start + " runs past the terminator");
        }
    }

    private void setInteger(long value, int size) {
        isInteger = true;
        integer = value;
        pos += size;
    }

    private void setString(int headerSize, int length) {
        if ((long) pos + headerSize + length > end) {
            throw corrupt("string element at " + pos + " runs past the terminator");
        }
        isInteger = false;
        stringStart = pos + headerSize;
        stringLength = length;
        pos += headerSize + length;
    }

    private void need(int n) {
        if (pos + n > end) {
            throw corrupt("element at " + pos + " cut short");
        }
    }

    private long littleEndian(int at, int bytes) {
        long v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (lp[at + i] & 0xff);
        }
        return v;
    }

    private static int backlenSize(long entryLength) {
        if (entryLength <= 127) {
            return 1;
        } else if (entryLength < 16383) {
            return 2;
        } else if (entryLength < 2097151) {
            return 3;
        } else if (entryLength < 268435455) {
            return 4;
        }
        return 5;
    }

    private static BackupCorruptedException corrupt(String what) {
        return new BackupCorruptedException("rdb-structure", "listpack: " + what);
    }
}

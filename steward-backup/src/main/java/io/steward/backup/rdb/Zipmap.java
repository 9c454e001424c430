package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a zipmap ({@code zipmap.c}, hashes in RDB versions before 4): a 1-byte count, then
 * length-prefixed keys and values (a value also has a 1-byte count of unused trailing bytes), then
 * {@code 0xFF}.
 */
final class Zipmap {

    private static final int BIGLEN = 254;
    private static final int END = 0xff;

    private Zipmap() {}

    /** Adds field, value, field, value, ... to {@code out}. */
    static void fieldsAndValues(byte[] zm, List<byte[]> out) {
        int pos = 1;
        while (true) {
            if (pos >= zm.length) {
                throw corrupt("no terminator");
            }
            if ((zm[pos] & 0xff) == END) {
                return;
            }
            int[] cursor = {pos};
            int keyLength = length(zm, cursor);
            out.add(slice(zm, cursor[0], keyLength));
            cursor[0] += keyLength;
            int valueLength = length(zm, cursor);
            if (cursor[0] >= zm.length) {
                throw corrupt("value cut short");
            }
            int free = zm[cursor[0]] & 0xff;
            cursor[0]++;
            out.add(slice(zm, cursor[0], valueLength));
            pos = cursor[0] + valueLength + free;
        }
    }

    private static int length(byte[] zm, int[] cursor) {
        int at = cursor[0];
        if (at >= zm.length) {
            throw corrupt("length cut short");
        }
        int first = zm[at] & 0xff;
        if (first < BIGLEN) {
            cursor[0] = at + 1;
            return first;
        }
        if (first != BIGLEN || at + 5 > zm.length) {
            throw corrupt("bad length at " + at);
        }
        long len = (zm[at + 1] & 0xffL)
                | (zm[at + 2] & 0xffL) << 8
                | (zm[at + 3] & 0xffL) << 16
                | (zm[at + 4] & 0xffL) << 24;
        if (len > Integer.MAX_VALUE) {
            throw corrupt("length " + len);
        }
        cursor[0] = at + 5;
        return (int) len;
    }

    private static byte[] slice(byte[] zm, int start, int length) {
        if ((long) start + length > zm.length) {
            throw corrupt("entry at " + start + " runs past the end");
        }
        return Arrays.copyOfRange(zm, start, start + length);
    }

    private static BackupCorruptedException corrupt(String what) {
        return new BackupCorruptedException("rdb-structure", "zipmap: " + what);
    }
}

package io.steward.backup.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds RDB bytes by hand, following the format as rdb.h describes it (public for the restore tests). */
public final class RdbBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static RdbBytes header(int version) {
        RdbBytes b = new RdbBytes();
        b.raw(ascii(String.format("REDIS%04d", version)));
        return b;
    }

    public RdbBytes u8(int b) {
        out.write(b);
        return this;
    }

    public RdbBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** An RDB length; {@code n} is unsigned, as module type ids use all 64 bits. */
    public RdbBytes length(long n) {
        if (Long.compareUnsigned(n, 64) < 0) {
            u8((int) n);
        } else if (Long.compareUnsigned(n, 16384) < 0) {
            u8(0x40 | (int) (n >>> 8)).u8((int) n & 0xff);
        } else if (Long.compareUnsigned(n, 0xffffffffL) <= 0) {
            u8(0x80);
            for (int i = 3; i >= 0; i--) {
                u8((int) (n >>> (8 * i)) & 0xff);
            }
        } else {
            u8(0x81);
            for (int i = 7; i >= 0; i--) {
                u8((int) (n >>> (8 * i)) & 0xff);
            }
        }
        return this;
    }

    public RdbBytes string(byte[] s) {
        return length(s.length).raw(s);
    }

    public RdbBytes string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    public RdbBytes le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            u8((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    public int size() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** Appends the EOF opcode and the CRC-64 of everything before the checksum. */
    public byte[] withEof() {
        u8(RdbFormat.OPCODE_EOF);
        byte[] body = out.toByteArray();
        le(Crc64.of(body, 0, body.length), 8);
        return out.toByteArray();
    }

    /** A listpack of the given already-encoded elements (encoding + data), adding each back-length. */
    public static byte[] listpack(byte[]... elements) {
        RdbBytes body = new RdbBytes();
        for (byte[] e : elements) {
            body.raw(e).raw(backlen(e.length));
        }
        RdbBytes lp = new RdbBytes();
        lp.le(6 + body.size() + 1, 4).le(elements.length, 2).raw(body.bytes()).u8(0xff);
        return lp.bytes();
    }

    public static byte[] lpString(String s) {
        byte[] b = ascii(s);
        RdbBytes e = new RdbBytes();
        if (b.length < 64) {
            e.u8(0x80 | b.length);
        } else if (b.length < 4096) {
            e.u8(0xe0 | (b.length >>> 8)).u8(b.length & 0xff);
        } else {
            e.u8(0xf0).le(b.length, 4);
        }
        return e.raw(b).bytes();
    }

    public static byte[] lpInt(long v) {
        RdbBytes e = new RdbBytes();
        if (v >= 0 && v <= 127) {
            e.u8((int) v);
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            e.u8(0xc0 | (int) (u >>> 8)).u8((int) u & 0xff);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            e.u8(0xf1).le(v, 2);
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            e.u8(0xf2).le(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            e.u8(0xf3).le(v, 4);
        } else {
            e.u8(0xf4).le(v, 8);
        }
        return e.bytes();
    }

    private static byte[] backlen(int l) {
        if (l <= 127) {
            return new byte[] {(byte) l};
        } else if (l < 16383) {
            return new byte[] {(byte) (l >>> 7), (byte) ((l & 127) | 128)};
        }
        return new byte[] {(byte) (l >>> 14), (byte) (((l >>> 7) & 127) | 128), (byte) ((l & 127) | 128)};
    }

    /** A ziplist of the given already-encoded entries (encoding + data), adding each previous-length. */
    public static byte[] ziplist(byte[]... entries) {
        RdbBytes body = new RdbBytes();
        int prev = 0;
        for (byte[] e : entries) {
            RdbBytes entry = new RdbBytes();
            if (prev < 254) {
                entry.u8(prev);
            } else {
                entry.u8(254).le(prev, 4);
            }
            entry.raw(e);
            body.raw(entry.bytes());
            prev = entry.size();
        }
        RdbBytes zl = new RdbBytes();
        zl.le(10 + body.size() + 1, 4)
                .le(10, 4)
                .le(entries.length, 2)
                .raw(body.bytes())
                .u8(0xff);
        return zl.bytes();
    }
}

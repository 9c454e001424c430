package io.steward.backup.rdb;

import io.steward.BackupCorruptedException;
import io.steward.StewardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads RDB primitives (lengths, strings, fixed-width numbers) from an {@link InputStream} through one
 * reusable buffer, or from a byte array. While reading a stream it keeps the CRC-64 of every consumed
 * byte and, on request, a copy of the consumed bytes (the encoded value of the current key); both are
 * taken a buffer at a time, never a byte at a time.
 */
final class RdbInput {

    private static final int BUFFER_SIZE = 1 << 16;
    /** Strings longer than this are read in growing chunks so a corrupt length cannot allocate gigabytes. */
    private static final int DIRECT_ALLOCATION_LIMIT = 1 << 20;

    private static final int KEEP_CAPTURE_BUFFER_LIMIT = 1 << 24;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    /** Absolute offset of {@code buf[0]}. */
    private long bufferStart;

    private final Crc64 crc;
    private int crcMark;

    private boolean capturing;
    private int captureMark;
    private byte[] capture = new byte[0];
    private int captureLength;

    private RdbInput(InputStream in, byte[] buf, int pos, int limit, long bufferStart, Crc64 crc) {
        this.in = in;
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
        this.bufferStart = bufferStart;
        this.crc = crc;
        this.crcMark = pos;
    }

    /** A reader over a stream that keeps the CRC-64 of what it consumes. */
    static RdbInput ofStream(InputStream in) {
        return new RdbInput(in, new byte[BUFFER_SIZE], 0, 0, 0, new Crc64());
    }

    /** A reader over {@code bytes[offset, offset + length)}; offsets in errors count from {@code offset}. */
    static RdbInput ofBytes(byte[] bytes, int offset, int length) {
        return new RdbInput(null, bytes, offset, offset + length, -offset, null);
    }

    /** The absolute offset of the next byte. */
    long offset() {
        return bufferStart + pos;
    }

    boolean hasRemaining() {
        return pos < limit;
    }

    int readUnsignedByte() {
        if (pos == limit) {
            fill(1);
        }
        return buf[pos++] & 0xff;
    }

    /** Reads an RDB length; the special string encodings (first two bits 11) are a structure error here. */
    long readLength() {
        return lengthFrom(readUnsignedByte());
    }

    private long lengthFrom(int first) {
        switch (first >>> 6) {
            case 0:
                return first & 0x3f;
            case 1:
                return ((first & 0x3f) << 8) | readUnsignedByte();
            case 2:
                if (first == 0x80) {
                    return readIntBigEndian() & 0xffffffffL;
                }
                if (first == 0x81) {
                    return readLongBigEndian();
                }
                throw structure("bad length prefix 0x" + Integer.toHexString(first), 1);
            default:
                throw structure("encoded string where a length was expected", 1);
        }
    }

    /** Reads a length used as a count or size: at most {@link Integer#MAX_VALUE}. */
    int readCount() {
        return countFrom(readUnsignedByte());
    }

    private int countFrom(int first) {
        long offset = offset() - 1;
        long n = lengthFrom(first);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new BackupCorruptedException(
                    "rdb-structure", "length " + Long.toUnsignedString(n) + " out of range at offset " + offset);
        }
        return (int) n;
    }

    /** Reads an RDB string (raw, integer-encoded or LZF-compressed) into a new array. */
    byte[] readString() {
        long start = offset();
        int first = readUnsignedByte();
        if ((first >>> 6) != 3) {
            return readBytes(countFrom(first));
        }
        switch (first & 0x3f) {
            case RdbFormat.ENC_INT8:
                return decimal((byte) readUnsignedByte());
            case RdbFormat.ENC_INT16:
                return decimal((short) (readUnsignedByte() | (readUnsignedByte() << 8)));
            case RdbFormat.ENC_INT32:
                return decimal(readIntLittleEndian());
            case RdbFormat.ENC_LZF:
                int compressedLength = readCount();
                int length = readCount();
                if (length > (long) compressedLength * Lzf.MAX_EXPANSION + 1) {
                    throw new BackupCorruptedException(
                            "rdb-structure",
                            "LZF string claims " + length + " bytes from " + compressedLength + " at offset " + start);
                }
                byte[] compressed = readBytes(compressedLength);
                byte[] out = new byte[length];
                Lzf.decompress(compressed, 0, compressedLength, out, start);
                return out;
            default:
                throw new BackupCorruptedException(
                        "rdb-structure", "unknown string encoding " + (first & 0x3f) + " at offset " + start);
        }
    }

    /** Skips an RDB string without materialising it. */
    void skipString() {
        int first = readUnsignedByte();
        if ((first >>> 6) != 3) {
            skip(lengthFrom(first));
            return;
        }
        switch (first & 0x3f) {
            case RdbFormat.ENC_INT8:
                skip(1);
                return;
            case RdbFormat.ENC_INT16:
                skip(2);
                return;
            case RdbFormat.ENC_INT32:
                skip(4);
                return;
            case RdbFormat.ENC_LZF:
                long compressedLength = readLength();
                readLength();
                skip(compressedLength);
                return;
            default:
                throw structure("unknown string encoding " + (first & 0x3f), 1);
        }
    }

    String readUtf8String() {
        return new String(readString(), StandardCharsets.UTF_8);
    }

    /** Reads {@code n} raw bytes. */
    byte[] readBytes(int n) {
        if (n <= limit - pos) {
            byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }
        if (in == null) {
            throw truncated(n);
        }
        byte[] out = new byte[Math.min(n, DIRECT_ALLOCATION_LIMIT)];
        int copied = 0;
        while (copied < n) {
            if (pos == limit) {
                fill(1);
            }
            int k = Math.min(limit - pos, n - copied);
            if (copied + k > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, Math.max(copied + k, 2L * out.length)));
            }
            System.arraycopy(buf, pos, out, copied, k);
            pos += k;
            copied += k;
        }
        return out;
    }

    /** Skips {@code n} bytes (still counted by the CRC and the capture). */
    void skip(long n) {
        if (n < 0) {
            throw structure("negative length", 0);
        }
        long left = n;
        while (left > 0) {
            if (pos == limit) {
                if (in == null) {
                    throw truncated(left);
                }
                fill(1);
            }
            int k = (int) Math.min(limit - pos, left);
            pos += k;
            left -= k;
        }
    }

    int readIntLittleEndian() {
        ensure(4);
        int p = pos;
        pos += 4;
        return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8 | (buf[p + 2] & 0xff) << 16 | (buf[p + 3] & 0xff) << 24;
    }

    long readLongLittleEndian() {
        ensure(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    int readIntBigEndian() {
        ensure(4);
        int p = pos;
        pos += 4;
        return (buf[p] & 0xff) << 24 | (buf[p + 1] & 0xff) << 16 | (buf[p + 2] & 0xff) << 8 | (buf[p + 3] & 0xff);
    }

    long readLongBigEndian() {
        ensure(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    double readDoubleLittleEndian() {
        return Double.longBitsToDouble(readLongLittleEndian());
    }

    /** Starts copying consumed bytes, beginning with {@code typeByte}. */
    void startCapture(int typeByte) {
        if (capture.length == 0) {
            capture = new byte[BUFFER_SIZE];
        }
        capture[0] = (byte) typeByte;
        captureLength = 1;
        captureMark = pos;
        capturing = true;
    }

    /** Stops copying; {@link #capturedBytes()} then holds {@link #capturedLength()} bytes. */
    void endCapture() {
        appendCapture();
        capturing = false;
    }

    byte[] capturedBytes() {
        return capture;
    }

    int capturedLength() {
        return captureLength;
    }

    /** Lets go of a capture buffer grown for one huge value. */
    void trimCapture() {
        if (capture.length > KEEP_CAPTURE_BUFFER_LIMIT) {
            capture = new byte[BUFFER_SIZE];
        }
    }

    /** The CRC-64 of every byte consumed so far. */
    long crc() {
        if (crc == null) {
            throw new IllegalStateException("no CRC kept over a byte array");
        }
        crc.update(buf, crcMark, pos - crcMark);
        crcMark = pos;
        return crc.value();
    }

    BackupCorruptedException structure(String what, int bytesBack) {
        return new BackupCorruptedException("rdb-structure", what + " at offset " + (offset() - bytesBack));
    }

    private void ensure(int n) {
        if (limit - pos < n) {
            fill(n);
        }
    }

    private void fill(int need) {
        if (in == null) {
            throw truncated(need);
        }
        if (crc != null) {
            crc.update(buf, crcMark, pos - crcMark);
        }
        appendCapture();
        int remaining = limit - pos;
        System.arraycopy(buf, pos, buf, 0, remaining);
        bufferStart += pos;
        pos = 0;
        limit = remaining;
        crcMark = 0;
        captureMark = 0;
        try {
            while (limit < need) {
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) {
                    throw truncated(need - limit);
                }
                limit += n;
            }
        } catch (IOException e) {
            throw new StewardException("cannot read the RDB at offset " + offset() + ": " + e.getMessage(), e);
        }
    }

    private void appendCapture() {
        if (!capturing) {
            return;
        }
        int n = pos - captureMark;
        if (captureLength + n > capture.length) {
            capture = Arrays.copyOf(capture, Math.max(captureLength + n, capture.length * 2));
        }
        System.arraycopy(buf, captureMark, capture, captureLength, n);
        captureLength += n;
        captureMark = pos;
    }

    private BackupCorruptedException truncated(long missing) {
        return new BackupCorruptedException(
                "rdb-truncated",
                "input ends at offset " + (bufferStart + limit) + ", " + missing + " more bytes expected");
    }

    private static byte[] decimal(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}

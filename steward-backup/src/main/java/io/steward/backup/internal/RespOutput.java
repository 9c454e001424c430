package io.steward.backup.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffer in front of a socket for writing RESP by hand: no lock per call (unlike {@link
 * java.io.BufferedOutputStream}), decimals written as digits without a {@code String}, and writes
 * larger than the buffer passed straight through. Not thread-safe.
 */
final class RespOutput extends OutputStream {

    private static final int LONGEST_DECIMAL = 20;

    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    private long drained;

    RespOutput(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[bufferSize];
    }

    @Override
    public void write(int b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - pos) {
            drain();
            if (len >= buf.length) {
                out.write(b, off, len);
                drained += len;
                return;
            }
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** {@code $<length>\r\n}: the header of a bulk string. */
    void bulkHeader(long length) throws IOException {
        write('$');
        decimal(length);
        crlf();
    }

    /** A bulk string. */
    void bulk(byte[] value) throws IOException {
        bulkHeader(value.length);
        write(value, 0, value.length);
        crlf();
    }

    /** A non-negative integer as a bulk string, as clients send numeric arguments. */
    void bulkDecimal(long value) throws IOException {
        bulkHeader(digits(value));
        decimal(value);
        crlf();
    }

    /** A RESP array of bulk strings. */
    void command(byte[]... args) throws IOException {
        write('*');
        decimal(args.length);
        crlf();
        for (byte[] arg : args) {
            bulk(arg);
        }
    }

    void crlf() throws IOException {
        if (buf.length - pos < 2) {
            drain();
        }
        buf[pos++] = '\r';
        buf[pos++] = '\n';
    }

    /** {@code value} (non-negative) in decimal digits. */
    private void decimal(long value) throws IOException {
        if (buf.length - pos < LONGEST_DECIMAL) {
            drain();
        }
        int end = pos + digits(value);
        long v = value;
        for (int p = end - 1; p >= pos; p--) {
            buf[p] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = end;
    }

    private static int digits(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int n = 1;
        for (long limit = 10; value >= limit && n < 19; limit *= 10) {
            n++;
        }
        return n;
    }

    /** Writes the buffer to the socket. */
    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            drained += pos;
            pos = 0;
        }
    }

    /** Bytes written so far, buffered ones included. */
    long position() {
        return drained + pos;
    }

    /** Bytes handed to the stream below so far; the rest is in the buffer. */
    long drained() {
        return drained;
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }
}

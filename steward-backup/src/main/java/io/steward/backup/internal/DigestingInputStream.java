package io.steward.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Objects;

/** Passes bytes on while counting them and computing their SHA-256. Not thread-safe. */
final class DigestingInputStream extends InputStream {

    private final InputStream in;
    private final Sha256 sha256 = new Sha256();
    private long count;

    DigestingInputStream(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            sha256.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            sha256.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    long count() {
        return count;
    }

    /** Lowercase hex SHA-256 of everything read; ends the digest. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}

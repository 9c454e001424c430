package io.steward.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Passes bytes on while counting them and, unless told not to, computing their SHA-256. Not
 * thread-safe.
 */
final class DigestingInputStream extends InputStream {

    private final InputStream in;
    private final Sha256 sha256;
    private long count;

    DigestingInputStream(InputStream in) {
        this(in, true);
    }

    /** @param digest whether to compute the SHA-256; without it only bytes are counted */
    DigestingInputStream(InputStream in, boolean digest) {
        this.in = Objects.requireNonNull(in, "in");
        this.sha256 = digest ? new Sha256() : null;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            if (sha256 != null) {
                sha256.update((byte) b);
            }
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            if (sha256 != null) {
                sha256.update(b, off, n);
            }
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

    /** Lowercase hex SHA-256 of everything read (ends the digest), or null when not computed. */
    String sha256Hex() {
        return sha256 == null ? null : HexFormat.of().formatHex(sha256.digest());
    }
}

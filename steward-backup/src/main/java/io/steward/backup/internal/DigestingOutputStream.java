package io.steward.backup.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.Objects;

/** Passes bytes on while counting them and computing their SHA-256. Not thread-safe. */
final class DigestingOutputStream extends OutputStream {

    private final OutputStream out;
    private final Sha256 sha256 = new Sha256();
    private long count;

    DigestingOutputStream(OutputStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    long count() {
        return count;
    }

    /** Lowercase hex SHA-256 of everything written; ends the digest. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}

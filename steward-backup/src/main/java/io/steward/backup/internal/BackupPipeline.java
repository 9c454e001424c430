package io.steward.backup.internal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.steward.BackupCorruptedException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Turns the raw bytes of a backup part into a stored file and back.
 *
 * <p>Writing: raw bytes → SHA-256 of the raw bytes → zstd (one frame, with its content checksum) →
 * AES-256-GCM in authenticated chunks ({@link ChunkedAeadOutputStream}) → SHA-256 of the stored
 * bytes → file. Reading runs the same stages backwards and verifies each as it goes; at the end it
 * exposes the SHA-256 of the raw bytes for comparison with a manifest. Nothing is buffered beyond
 * one chunk per stage.
 */
public final class BackupPipeline {

    /** zstd level unless told otherwise. */
    public static final int DEFAULT_ZSTD_LEVEL = 3;

    private static final int WRITE_BUFFER = 64 * 1024;

    private BackupPipeline() {}

    /**
     * Sizes and SHA-256 digests (lowercase hex) of one part, before ({@code raw}) and after
     * ({@code stored}) compression and encryption.
     */
    public record Totals(long rawBytes, String rawSha256, long storedBytes, String storedSha256) {}

    /**
     * Starts writing a stored file with {@link ChunkedAeadOutputStream#DEFAULT_CHUNK_SIZE} and a new
     * {@link SecureRandom}.
     *
     * @param file receives the stored bytes; {@link Sink#finish()} flushes it and leaves it open
     * @param zstdLevel zstd compression level, usually {@link #DEFAULT_ZSTD_LEVEL}
     * @throws IllegalArgumentException if {@code zstdLevel} is not a zstd level
     */
    public static Sink open(OutputStream file, BackupKey key, int zstdLevel) throws IOException {
        return open(file, key, zstdLevel, ChunkedAeadOutputStream.DEFAULT_CHUNK_SIZE, new SecureRandom());
    }

    /** As {@link #open(OutputStream, BackupKey, int)} with the chunk size and randomness given. */
    public static Sink open(OutputStream file, BackupKey key, int zstdLevel, int chunkSize, SecureRandom random)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        if (zstdLevel < Zstd.minCompressionLevel() || zstdLevel > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstdLevel must be " + Zstd.minCompressionLevel() + " to "
                    + Zstd.maxCompressionLevel() + ", was " + zstdLevel);
        }
        return new Sink(file, key, zstdLevel, chunkSize, random);
    }

    /**
     * Starts reading a stored file written by {@link #open}. Reading to the end verifies every
     * chunk and the zstd frame; then {@link Source#totals()} holds the digests.
     *
     * @param file the stored bytes; closed by {@link Source#close()}
     */
    public static Source openForRead(InputStream file, BackupKey key) throws IOException {
        return new Source(Objects.requireNonNull(file, "file"), Objects.requireNonNull(key, "key"), true);
    }

    /**
     * As {@link #openForRead} without the two SHA-256 digests (about 40 % of the CPU of reading a
     * part), for a reader that has checked the stored file's SHA-256 against an authenticated
     * manifest before: chunk tags and the zstd frame checksum are still verified as it reads. The
     * {@link Source#totals()} then hold null digests.
     */
    public static Source openForRestore(InputStream file, BackupKey key) throws IOException {
        return new Source(Objects.requireNonNull(file, "file"), Objects.requireNonNull(key, "key"), false);
    }

    /**
     * The raw end of a pipeline being written. {@link #finish()} completes the file; {@link #close()}
     * without {@code finish()} abandons it, leaving out the final chunk so that the partial file
     * never verifies (closing in try-with-resources after a failure cannot produce a valid backup).
     * Not thread-safe.
     */
    public static final class Sink extends OutputStream {

        private final OutputStream file;
        private final DigestingOutputStream stored;
        private final ChunkedAeadOutputStream encrypted;
        private final ZstdOutputStream compressed;
        private final DigestingOutputStream raw;
        private final OutputStream top;
        private Totals totals;
        private boolean closed;

        private Sink(OutputStream file, BackupKey key, int zstdLevel, int chunkSize, SecureRandom random)
                throws IOException {
            this.file = file;
            this.stored = new DigestingOutputStream(new KeepOpen(file));
            this.encrypted = new ChunkedAeadOutputStream(stored, key, chunkSize, random);
            this.compressed = new ZstdOutputStream(new KeepOpen(encrypted), zstdLevel);
            this.compressed.setChecksum(true);
            this.raw = new DigestingOutputStream(compressed);
            this.top = new BufferedOutputStream(raw, WRITE_BUFFER);
        }

        @Override
        public void write(int b) throws IOException {
            requireWritable();
            top.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            requireWritable();
            top.write(b, off, len);
        }

        /** Flushes buffered raw bytes into the compressor; stored bytes appear a chunk at a time. */
        @Override
        public void flush() throws IOException {
            requireWritable();
            top.flush();
        }

        /**
         * Ends the zstd frame, writes the final chunk and flushes the file without closing it (so
         * the caller can force it to disk before publishing it).
         *
         * @return sizes and digests; the same value when called again
         */
        public Totals finish() throws IOException {
            if (totals != null) {
                return totals;
            }
            if (closed) {
                throw new IOException("pipeline closed before it was finished");
            }
            try {
                top.flush();
                compressed.close();
                encrypted.close();
            } catch (IOException | RuntimeException e) {
                encrypted.abandon();
                throw e;
            }
            totals = new Totals(raw.count(), raw.sha256Hex(), stored.count(), stored.sha256Hex());
            return totals;
        }

        /** The totals after {@link #finish()}. */
        public Totals totals() {
            if (totals == null) {
                throw new IllegalStateException("totals are known after finish()");
            }
            return totals;
        }

        /** Closes the file; abandons the output unless {@link #finish()} completed. */
        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (file) {
                if (totals == null) {
                    encrypted.abandon();
                    try (encrypted) {
                        compressed.close();
                    }
                }
            }
        }

        private void requireWritable() throws IOException {
            if (closed || totals != null) {
                throw new IOException(closed ? "pipeline closed" : "pipeline finished");
            }
        }
    }

    /**
     * The raw end of a pipeline being read. Errors are {@link BackupCorruptedException}s with the
     * checks of {@link ChunkedAeadInputStream} or {@code zstd-frame}, or
     * {@link BackupKeyMismatchException}; I/O errors of the file pass through. Not thread-safe.
     */
    public static final class Source extends InputStream {

        private final DigestingInputStream stored;
        private final ChunkedAeadInputStream decrypted;
        private final ZstdInputStream decompressed;
        private final DigestingInputStream raw;
        private Totals totals;

        private Source(InputStream file, BackupKey key, boolean digests) throws IOException {
            this.stored = new DigestingInputStream(file, digests);
            this.decrypted = new ChunkedAeadInputStream(stored, key);
            this.decompressed = new ZstdInputStream(decrypted);
            this.raw = new DigestingInputStream(decompressed, digests);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (totals != null) {
                return -1;
            }
            int n;
            try {
                n = raw.read(b, off, len);
            } catch (ZstdIOException e) {
                throw new BackupCorruptedException("zstd-frame", "cannot decompress: " + e.getMessage(), e);
            } catch (IOException e) {
                if (decrypted.ended()) {
                    throw new BackupCorruptedException("zstd-frame", "cannot decompress: " + e.getMessage(), e);
                }
                throw e;
            }
            if (n < 0) {
                end();
            }
            return n;
        }

        /** Whether the end was reached and verified. */
        public boolean isComplete() {
            return totals != null;
        }

        /**
         * Sizes and digests, known once {@link #read} returned -1.
         *
         * @throws IllegalStateException before the end was reached
         */
        public Totals totals() {
            if (totals == null) {
                throw new IllegalStateException("totals are known after reading to the end");
            }
            return totals;
        }

        /** SHA-256 of the raw bytes, lowercase hex, once the end was reached. */
        public String rawSha256() {
            return totals().rawSha256();
        }

        @Override
        public void close() throws IOException {
            try (decrypted) {
                decompressed.close();
            }
        }

        /** The zstd frame ended: the encrypted stream must end with it, after its final chunk. */
        private void end() throws IOException {
            if (decrypted.read() >= 0) {
                throw new BackupCorruptedException("zstd-frame", "data follows the end of the compressed frame");
            }
            totals = new Totals(raw.count(), raw.sha256Hex(), stored.count(), stored.sha256Hex());
        }
    }

    /** Lets an inner stage close without closing the stream below it. */
    private static final class KeepOpen extends FilterOutputStream {

        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}

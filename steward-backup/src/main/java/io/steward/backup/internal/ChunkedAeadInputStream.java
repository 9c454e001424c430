package io.steward.backup.internal;

import io.steward.BackupCorruptedException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Decrypts and verifies what {@link ChunkedAeadOutputStream} wrote. A chunk's plaintext is
 * released only after its tag has been verified; the end of the stream is reported only after a
 * chunk marked final has been verified and nothing follows it.
 *
 * <p>Errors: {@link BackupKeyMismatchException} when the header names another key;
 * {@link BackupCorruptedException} with check {@code header} (not this format or version),
 * {@code truncated} (the stream ends inside the header or a chunk, or after a chunk that is
 * authentic but not the last) or {@code chunk-authentication} (a chunk, or the header it is bound
 * to, was changed, reordered or encrypted under another key). After an error every further read
 * throws the same exception. I/O errors of the underlying stream pass through. Not thread-safe.
 */
public final class ChunkedAeadInputStream extends InputStream {

    private final InputStream in;
    private final BackupKey key;
    private final SecretKey aesKey;
    private final Cipher cipher = ChunkedAeadOutputStream.newCipher();
    private AeadHeader header;
    private byte[] sealed;
    private byte[] plain;
    private int pos;
    private int limit;
    private long index;
    private int nextLength = -1;
    private boolean lastSeen;
    private RuntimeException failure;

    /** @param in the encrypted stream, closed by {@link #close()} */
    public ChunkedAeadInputStream(InputStream in, BackupKey key) {
        this.in = Objects.requireNonNull(in, "in");
        this.key = Objects.requireNonNull(key, "key");
        this.aesKey = key.aesKey();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (pos == limit) {
            if (!nextChunk()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(plain, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return limit - pos;
    }

    @Override
    public void close() throws IOException {
        if (plain != null) {
            Arrays.fill(plain, (byte) 0);
        }
        pos = limit = 0;
        in.close();
    }

    /** Whether the verified end of the stream was reached: the final chunk read to its end. */
    boolean ended() {
        return lastSeen && pos == limit;
    }

    /** The key id from the header, once the first byte was read. */
    String keyId() {
        return header == null ? null : header.keyId();
    }

    /** Verifies the next chunk into {@code plain}; false at the verified end of the stream. */
    private boolean nextChunk() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (lastSeen) {
            return false;
        }
        try {
            if (header == null) {
                start();
            }
            openChunk();
            return true;
        } catch (RuntimeException e) {
            failure = e;
            pos = limit = 0;
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
            throw e;
        }
    }

    private void start() throws IOException {
        header = AeadHeader.read(in);
        if (!header.keyId().equals(key.id())) {
            throw new BackupKeyMismatchException(
                    header.keyId(),
                    key.id(),
                    key.file() == null ? null : key.file().toString());
        }
        sealed = new byte[header.chunkSize() + AeadHeader.TAG_BYTES];
        plain = new byte[header.chunkSize()];
        nextLength = readLength(0);
        if (nextLength < 0) {
            throw new BackupCorruptedException("truncated", "the file ends after the header, before the first chunk");
        }
    }

    private void openChunk() throws IOException {
        int length = nextLength;
        if (length < AeadHeader.TAG_BYTES || length > sealed.length) {
            throw new BackupCorruptedException(
                    "chunk-authentication",
                    "chunk " + index + " claims " + length + " bytes; a chunk has " + AeadHeader.TAG_BYTES + "-"
                            + sealed.length);
        }
        int got = in.readNBytes(sealed, 0, length);
        if (got < length) {
            throw new BackupCorruptedException(
                    "truncated", "the file ends inside chunk " + index + " (" + got + " of " + length + " bytes)");
        }
        nextLength = readLength(index + 1);
        boolean last = nextLength < 0;
        int opened = open(length, last);
        if (opened < 0) {
            if (last && open(length, false) >= 0) {
                Arrays.fill(plain, (byte) 0);
                throw new BackupCorruptedException(
                        "truncated", "the file ends after chunk " + index + ", which is not the last chunk");
            }
            throw new BackupCorruptedException(
                    "chunk-authentication",
                    "chunk " + index + " failed authentication: the file was changed, reordered or cut"
                            + (index == 0 ? " (or its header was)" : ""));
        }
        pos = 0;
        limit = opened;
        lastSeen = last;
        index++;
    }

    /** Decrypts into {@code plain}; the plaintext length, or -1 if the tag does not verify. */
    private int open(int length, boolean last) {
        try {
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(AeadHeader.TAG_BITS, header.nonce(index)));
            cipher.updateAAD(header.encoded());
            cipher.updateAAD(AeadHeader.chunkSuffix(index, last));
            return cipher.doFinal(sealed, 0, length, plain, 0);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** The next 4-byte length, or -1 at a clean end of the stream. */
    private int readLength(long chunk) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length == 0) {
            return -1;
        }
        if (b.length < 4) {
            throw new BackupCorruptedException("truncated", "the file ends inside the length of chunk " + chunk);
        }
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}

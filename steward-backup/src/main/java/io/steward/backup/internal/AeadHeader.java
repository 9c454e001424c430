package io.steward.backup.internal;

import io.steward.BackupCorruptedException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header of the chunked AES-GCM format: magic {@code STWDBAK1}, format version (1 byte), key
 * id (1-byte length + UTF-8), 8-byte random nonce prefix, chunk size (4 bytes, big-endian). The
 * encoded header is part of every chunk's associated data, so a changed header fails the first
 * chunk's authentication.
 */
record AeadHeader(String keyId, byte[] noncePrefix, int chunkSize, byte[] encoded) {

    static final byte[] MAGIC = "STWDBAK1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int MAX_KEY_ID_BYTES = 64;
    static final int NONCE_PREFIX_BYTES = 8;
    static final int MAX_CHUNK_SIZE = 16 << 20;
    static final int TAG_BYTES = 16;
    static final int TAG_BITS = TAG_BYTES * 8;

    static AeadHeader create(String keyId, byte[] noncePrefix, int chunkSize) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > MAX_KEY_ID_BYTES) {
            throw new IllegalArgumentException("keyId must have 1-" + MAX_KEY_ID_BYTES + " UTF-8 bytes");
        }
        if (noncePrefix.length != NONCE_PREFIX_BYTES) {
            throw new IllegalArgumentException("noncePrefix must have " + NONCE_PREFIX_BYTES + " bytes");
        }
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunkSize must be 1-" + MAX_CHUNK_SIZE + ", was " + chunkSize);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(id.length);
            out.write(id);
            out.write(noncePrefix);
            out.writeInt(chunkSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AeadHeader(keyId, noncePrefix.clone(), chunkSize, bytes.toByteArray());
    }

    /**
     * Reads and checks the structure of a header; its authenticity is proven by the first chunk.
     *
     * @throws BackupCorruptedException {@code truncated} if the stream ends inside the header,
     *     {@code header} if it is not a header this version can read
     */
    static AeadHeader read(InputStream in) throws IOException {
        byte[] magic = readHeaderBytes(in, MAGIC.length + 2);
        if (!Arrays.equals(magic, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new BackupCorruptedException(
                    "header",
                    "not a Steward backup: the file does not start with "
                            + new String(MAGIC, StandardCharsets.US_ASCII));
        }
        int version = magic[MAGIC.length] & 0xff;
        if (version != VERSION) {
            throw new BackupCorruptedException(
                    "header", "format version " + version + " is not supported; this Steward reads version " + VERSION);
        }
        int idLength = magic[MAGIC.length + 1] & 0xff;
        if (idLength == 0 || idLength > MAX_KEY_ID_BYTES) {
            throw new BackupCorruptedException(
                    "header", "key id of " + idLength + " bytes; expected 1-" + MAX_KEY_ID_BYTES);
        }
        byte[] rest = readHeaderBytes(in, idLength + NONCE_PREFIX_BYTES + 4);
        String keyId = decodeKeyId(rest, idLength);
        byte[] noncePrefix = Arrays.copyOfRange(rest, idLength, idLength + NONCE_PREFIX_BYTES);
        int chunkSize = ByteBuffer.wrap(rest, idLength + NONCE_PREFIX_BYTES, 4).getInt();
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new BackupCorruptedException("header", "chunk size " + chunkSize + " is outside 1-" + MAX_CHUNK_SIZE);
        }
        byte[] encoded = new byte[magic.length + rest.length];
        System.arraycopy(magic, 0, encoded, 0, magic.length);
        System.arraycopy(rest, 0, encoded, magic.length, rest.length);
        return new AeadHeader(keyId, noncePrefix, chunkSize, encoded);
    }

    /** The 12-byte GCM nonce of chunk {@code index}: nonce prefix and a 4-byte counter. */
    byte[] nonce(long index) {
        byte[] nonce = Arrays.copyOf(noncePrefix, NONCE_PREFIX_BYTES + 4);
        ByteBuffer.wrap(nonce, NONCE_PREFIX_BYTES, 4).putInt((int) index);
        return nonce;
    }

    /** The part of the associated data after the header: 8-byte chunk index and the final flag. */
    static byte[] chunkSuffix(long index, boolean last) {
        return ByteBuffer.allocate(9).putLong(index).put((byte) (last ? 1 : 0)).array();
    }

    private static byte[] readHeaderBytes(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new BackupCorruptedException(
                    "truncated",
                    bytes.length == 0 ? "the file ends before the header" : "the file ends inside the header");
        }
        return bytes;
    }

    private static String decodeKeyId(byte[] bytes, int length) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BackupCorruptedException("header", "the key id is not UTF-8", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AeadHeader h && Arrays.equals(encoded, h.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "AeadHeader[keyId=" + keyId + ", chunkSize=" + chunkSize + "]";
    }
}

package io.steward.client.cache.internal;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the cache stores in Redis: a small versioned header, then the codec's bytes, zstd-compressed
 * above the region's threshold. Readers accept every version written so far, so instances of two
 * releases can share a cache during a rolling upgrade.
 *
 * <pre>
 * version 1: 'S' 0x01 flags payload
 * version 2: 'S' 0x02 flags expiresAtMillis(8) tagCount(1) { nameLength(2) name generation(8) }* payload
 * flags:     bit 0 = payload is zstd-compressed (and then starts with its original length, 4 bytes)
 * </pre>
 *
 * Version 1 had no expiry (no refresh-ahead) and no tags.
 */
public final class Envelope {

    static final byte MAGIC = 'S';
    static final byte VERSION_1 = 1;
    static final byte VERSION_2 = 2;
    static final int COMPRESSED = 1;
    static final int MAX_TAGS = 255;

    private Envelope() {}

    /** A decoded envelope: the codec's bytes and what the header said. */
    record Contents(byte[] payload, long expiresAtMillis, List<TagStamp> tags) {}

    /** A tag and the generation it had when the entry was written. */
    record TagStamp(String tag, long generation) {}

    /** Encodes in the current version. */
    static byte[] encode(byte[] payload, long expiresAtMillis, List<TagStamp> tags, int compressionThreshold) {
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("at most " + MAX_TAGS + " tags per entry, got " + tags.size());
        }
        byte[] packed = payload.length > compressionThreshold ? compress(payload) : null;
        // incompressible payloads (random, already compressed, encrypted) are kept as they are: every read of a
        // compressed entry pays a decompression, and for these it would buy nothing
        boolean compress = packed != null && packed.length < payload.length;
        byte[] body = compress ? packed : payload;
        int size = 3 + 8 + 1 + body.length;
        List<byte[]> names = new ArrayList<>(tags.size());
        for (TagStamp t : tags) {
            byte[] name = t.tag().getBytes(StandardCharsets.UTF_8);
            if (name.length > 0xFFFF) {
                throw new IllegalArgumentException("tag longer than 65535 bytes");
            }
            names.add(name);
            size += 2 + name.length + 8;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC).put(VERSION_2).put((byte) (compress ? COMPRESSED : 0));
        out.putLong(expiresAtMillis);
        out.put((byte) tags.size());
        for (int i = 0; i < tags.size(); i++) {
            out.putShort((short) names.get(i).length)
                    .put(names.get(i))
                    .putLong(tags.get(i).generation());
        }
        out.put(body);
        return out.array();
    }

    /**
     * @throws CorruptValueException when the bytes are not an envelope of a known version
     */
    static Contents decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (bytes.length < 3 || in.get() != MAGIC) {
                throw new CorruptValueException("not a Steward cache value (no header)");
            }
            byte version = in.get();
            int flags = in.get();
            long expiresAt = 0;
            List<TagStamp> tags = List.of();
            switch (version) {
                case VERSION_1 -> {}
                case VERSION_2 -> {
                    expiresAt = in.getLong();
                    int count = in.get() & 0xFF;
                    tags = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        byte[] name = new byte[in.getShort() & 0xFFFF];
                        in.get(name);
                        tags.add(new TagStamp(new String(name, StandardCharsets.UTF_8), in.getLong()));
                    }
                }
                default -> throw new CorruptValueException("unknown cache value version " + version);
            }
            byte[] body = new byte[in.remaining()];
            in.get(body);
            byte[] payload = (flags & COMPRESSED) != 0 ? decompress(body) : body;
            return new Contents(payload, expiresAt, tags);
        } catch (RuntimeException e) {
            if (e instanceof CorruptValueException c) {
                throw c;
            }
            throw new CorruptValueException("truncated or damaged cache value: " + e, e);
        }
    }

    private static byte[] compress(byte[] payload) {
        byte[] packed = Zstd.compress(payload, 3);
        return ByteBuffer.allocate(4 + packed.length)
                .putInt(payload.length)
                .put(packed)
                .array();
    }

    private static byte[] decompress(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        int length = in.getInt();
        if (length < 0 || length > 512 * 1024 * 1024) {
            throw new CorruptValueException("compressed value claims " + length + " bytes");
        }
        byte[] packed = new byte[in.remaining()];
        in.get(packed);
        byte[] out = Zstd.decompress(packed, length);
        if (out.length != length) {
            throw new CorruptValueException("compressed value is " + out.length + " bytes, header said " + length);
        }
        return out;
    }

    /** The stored bytes are not a value this cache can read. */
    static final class CorruptValueException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        CorruptValueException(String message) {
            super(message);
        }

        CorruptValueException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

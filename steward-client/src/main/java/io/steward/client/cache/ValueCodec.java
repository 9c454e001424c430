package io.steward.client.cache;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns values into bytes for Redis and back. Implementations must be thread-safe. A
 * {@link #decode} that throws makes the entry a miss (and counts a corrupt value); it never reaches
 * the caller.
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

    /** The bytes to store for {@code value} (never {@code null}). */
    byte[] encode(V value);

    /**
     * The value {@code bytes} hold.
     *
     * @throws RuntimeException when the bytes are not a value of this codec
     */
    V decode(byte[] bytes);

    /** JSON through a default Jackson {@link ObjectMapper}. */
    static <V> ValueCodec<V> json(Class<V> type) {
        return json(new ObjectMapper().findAndRegisterModules(), type);
    }

    /** JSON through the caller's mapper, for {@code type}. */
    static <V> ValueCodec<V> json(ObjectMapper mapper, Class<V> type) {
        return json(mapper, mapper.constructType(Objects.requireNonNull(type, "type")));
    }

    /** JSON through the caller's mapper, for a generic type such as {@code List<Order>}. */
    static <V> ValueCodec<V> json(ObjectMapper mapper, JavaType type) {
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(type, "type");
        return new ValueCodec<>() {
            @Override
            public byte[] encode(V value) {
                try {
                    return mapper.writeValueAsBytes(value);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + type + " as JSON: " + e.getMessage(), e);
                }
            }

            @Override
            public V decode(byte[] bytes) {
                try {
                    return mapper.readValue(bytes, type);
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON of " + type + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** The bytes as they are. */
    static ValueCodec<byte[]> bytes() {
        return new ValueCodec<>() {
            @Override
            public byte[] encode(byte[] value) {
                return value;
            }

            @Override
            public byte[] decode(byte[] bytes) {
                return bytes;
            }
        };
    }

    /** UTF-8 text. */
    static ValueCodec<String> utf8() {
        return new ValueCodec<>() {
            @Override
            public byte[] encode(String value) {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }
}

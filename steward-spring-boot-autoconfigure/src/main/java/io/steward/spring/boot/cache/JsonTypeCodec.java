package io.steward.spring.boot.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.client.cache.ValueCodec;

/**
 * JSON of exactly one value class ({@code steward.cache.caches.<name>.type}). Reading back never takes a class
 * name from the data (no default typing), so bytes in Redis can only ever become an instance of that class:
 * whoever can write the cache's keys cannot make the application instantiate anything else. Values of other
 * classes are refused when stored rather than turning into misses when read.
 */
final class JsonTypeCodec implements ValueCodec<Object> {

    private final String cacheName;
    private final Class<?> type;
    private final ValueCodec<Object> json;

    @SuppressWarnings("unchecked")
    JsonTypeCodec(String cacheName, ObjectMapper mapper, Class<?> type) {
        this.cacheName = cacheName;
        this.type = type;
        this.json = (ValueCodec<Object>) ValueCodec.json(mapper, type);
    }

    /**
     * @throws IllegalArgumentException when {@code value} is not of the cache's type
     */
    @Override
    public byte[] encode(Object value) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("cache '" + cacheName + "' stores JSON of " + type.getName()
                    + " (steward.cache.caches." + cacheName + ".type); cannot cache a "
                    + value.getClass().getName());
        }
        return json.encode(value);
    }

    @Override
    public Object decode(byte[] bytes) {
        return json.decode(bytes);
    }
}

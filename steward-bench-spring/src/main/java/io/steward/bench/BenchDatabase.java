package io.steward.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * The application's store behind the cache, shared by every instance (application context) in this JVM: what a
 * {@code @Cacheable} miss reads and a {@code @CachePut} writes. Keys without a write read their initial value.
 */
public final class BenchDatabase {

    private final ConcurrentHashMap<Integer, byte[]> written = new ConcurrentHashMap<>();
    private final IntFunction<byte[]> initial;

    BenchDatabase(IntFunction<byte[]> initial) {
        this.initial = initial;
    }

    byte[] read(int id) {
        byte[] value = written.get(id);
        return value != null ? value : initial.apply(id);
    }

    void write(int id, byte[] value) {
        written.put(id, value);
    }
}

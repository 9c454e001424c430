package io.steward.bench;

import java.util.concurrent.atomic.LongAdder;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * The service method pair every contestant runs: a {@code @Cacheable} read that falls back to the "database" (a map
 * shared by the instances of one JVM, standing for the application's store) and a {@code @CachePut} update that writes
 * the database and the cache. Keys are {@link Integer}s, so each cache manager turns them into its own key string.
 */
public class BenchCacheService {

    /** The cache both methods use. */
    public static final String CACHE = "bench";

    private final BenchDatabase database;
    private final LongAdder loads = new LongAdder();

    public BenchCacheService(BenchDatabase database) {
        this.database = database;
    }

    /** The value of {@code id}: from the cache, else from the database (counted as a load). */
    @Cacheable(cacheNames = CACHE)
    public byte[] find(Integer id) {
        loads.increment();
        return database.read(id);
    }

    /** Stores {@code value} as the value of {@code id} in the database and the cache; returns once both have it. */
    @CachePut(cacheNames = CACHE, key = "#p0")
    public byte[] update(Integer id, byte[] value) {
        database.write(id, value);
        return value;
    }

    /** How many times {@link #find} ran its body (cache misses) since the start. */
    public long loads() {
        return loads.sum();
    }
}

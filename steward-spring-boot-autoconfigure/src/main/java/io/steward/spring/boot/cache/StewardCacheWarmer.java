package io.steward.spring.boot.cache;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * How to fill one Spring cache ahead of traffic: define one as a bean per cache name, and
 * {@code POST /actuator/steward/{cacheName}} (the {@code steward} endpoint) warms that cache now.
 * Entries are written to Redis in pipelined batches ({@link io.steward.client.cache.StewardCache#warm}),
 * with keys as {@code @Cacheable} stores them (the key's {@code toString()}) and values serialized as
 * the cache stores them, so a warmed entry is a hit for {@code @Cacheable}.
 *
 * <pre>{@code
 * @Bean
 * StewardCacheWarmer productsWarmer(ProductRepository repository) {
 *     return StewardCacheWarmer.of("products",
 *             () -> repository.bestSellers().stream().map(p -> Map.entry(p.id(), p)));
 * }
 * }</pre>
 */
public interface StewardCacheWarmer {

    /** The Spring cache this warmer fills. */
    String cacheName();

    /**
     * The entries to store, called once per warming run; the stream is consumed lazily and closed.
     * {@code null} values are skipped.
     */
    Stream<? extends Map.Entry<?, ?>> entries();

    /** A warmer of {@code cacheName} whose entries come from {@code entries}. */
    static StewardCacheWarmer of(String cacheName, Supplier<? extends Stream<? extends Map.Entry<?, ?>>> entries) {
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(entries, "entries");
        return new StewardCacheWarmer() {
            @Override
            public String cacheName() {
                return cacheName;
            }

            @Override
            public Stream<? extends Map.Entry<?, ?>> entries() {
                return entries.get();
            }
        };
    }
}

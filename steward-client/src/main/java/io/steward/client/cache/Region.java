package io.steward.client.cache;

import java.util.List;
import java.util.Optional;

/**
 * One namespace of the cache: near cache, then Redis, then the caller's loader. Obtained from
 * {@link StewardCache#region}; thread-safe.
 *
 * <p>In a {@link RegionOptions#perTenant() per-tenant} region every call goes through
 * {@link #tenant(String)}; the view it returns reaches that tenant's keys and tags only.
 *
 * @param <V> the value type
 */
public interface Region<V> {

    /** The region's namespace. */
    String namespace();

    /**
     * The value of {@code key}: from the near cache, else Redis, else {@code loader} (whose
     * result is stored in both). Concurrent calls for one key run the loader once in this process,
     * and a lease in Redis keeps other instances from loading it at the same time.
     *
     * @return the value, or {@code null} when the loader returned {@code null}
     * @throws CacheLoadException         when the loader threw
     * @throws IllegalStateException      on a per-tenant region without {@link #tenant}, or once closed
     */
    V get(String key, Loader<V> loader);

    /** As {@link #get(String, Loader)}, storing a loaded value under {@code tags}. */
    V get(String key, List<String> tags, Loader<V> loader);

    /** The value from the near cache or Redis, without loading. */
    Optional<V> getIfPresent(String key);

    /**
     * Stores {@code value} in Redis and this instance's near cache; other instances drop their
     * copy. While Redis is unavailable the write is skipped (and counted); the key is deleted from
     * Redis when it returns, so that nobody reads the older value.
     */
    void put(String key, V value, String... tags);

    /** Removes {@code key} everywhere. */
    void invalidate(String key);

    /**
     * Makes every entry stored under {@code tag} (in this region, for this tenant) a miss, in
     * constant time: the tag's generation counter is incremented, nothing is scanned.
     */
    void invalidateTag(String tag);

    /**
     * The view of one tenant: keys {@code namespace:tenant:key}; tags apart from other tenants'.
     *
     * @param tenant letters, digits, {@code _ . -}
     * @throws IllegalStateException    when the region is not per tenant, or this is a tenant view already
     * @throws IllegalArgumentException when the id has other characters
     */
    Region<V> tenant(String tenant);
}

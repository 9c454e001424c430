package io.steward.client.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.steward.client.cache.RegionOptions;
import java.util.List;

/**
 * One namespace: its options and its near cache. The near cache is keyed by the Redis key less
 * {@code namespace:}, which for a region without tenants is the caller's key itself, so a near hit
 * builds no string. Caffeine bounds it by size only; expiry is checked on read against the {@link
 * NearClock}, since Caffeine's own expiry reads the system clock on every hit and costs more than
 * the lookup. An expired entry is removed when read, or evicted by size.
 */
final class TieredRegion<V> {

    /**
     * An entry of the near cache: the value and what its envelope said.
     *
     * @param expiresAtMillis when the near copy expires (kept entries are capped at the region's near-cache TTL)
     * @param refreshAtMillis when a read should start an early refresh; 0 for never
     */
    record Near<V>(V value, long expiresAtMillis, long refreshAtMillis, List<Envelope.TagStamp> tags) {}

    /** Names of namespaces, tenants and tags. */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Names of tags. */
    static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final RegionOptions<V> options;
    private final Cache<String, Near<V>> near;
    private final NearClock clock;
    private final long nearTtlMillis;

    TieredRegion(RegionOptions<V> options, NearClock clock) {
        this.options = options;
        this.clock = clock;
        this.nearTtlMillis = options.nearCacheTtl().toMillis();
        this.near = options.nearCacheSize() == 0
                ? null
                : Caffeine.newBuilder().maximumSize(options.nearCacheSize()).build();
    }

    static String tagPrefix(String namespace) {
        return namespace + "!t:";
    }

    String namespace() {
        return options.namespace();
    }

    RegionOptions<V> options() {
        return options;
    }

    boolean hasNearCache() {
        return near != null;
    }

    /** The unexpired near entry of {@code nearKey}, or null. */
    Near<V> near(String nearKey) {
        if (near == null) {
            return null;
        }
        Near<V> entry = near.getIfPresent(nearKey);
        if (entry != null && entry.expiresAtMillis() <= clock.millis()) {
            near.asMap().remove(nearKey, entry);
            return null;
        }
        return entry;
    }

    void keepNear(String nearKey, Near<V> entry) {
        if (near != null) {
            long now = clock.millis();
            long cap = nearTtlMillis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nearTtlMillis;
            near.put(
                    nearKey,
                    entry.expiresAtMillis() <= cap
                            ? entry
                            : new Near<>(entry.value(), cap, entry.refreshAtMillis(), entry.tags()));
        }
    }

    void dropNear(String nearKey) {
        if (near != null) {
            near.invalidate(nearKey);
        }
    }

    void dropAllNear() {
        if (near != null) {
            near.invalidateAll();
        }
    }
}

package io.steward.client.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.steward.client.cache.RegionOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One namespace: its options and its near cache. The near cache is keyed by the Redis key less
 * {@code namespace:}, which for a region without tenants is the caller's key itself, so a near hit
 * builds no string.
 */
final class TieredRegion<V> {

    /** An entry of the near cache: the value and what its envelope said. */
    record Near<V>(V value, long expiresAtMillis, long refreshAtMillis, List<Envelope.TagStamp> tags) {}

    /** Names of namespaces, tenants and tags. */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Names of tags. */
    static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final RegionOptions<V> options;
    private final Cache<String, Near<V>> near;

    TieredRegion(RegionOptions<V> options, java.time.Clock clock) {
        this.options = options;
        long maxNanos = options.nearCacheTtl().toNanos();
        this.near = options.nearCacheSize() == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(options.nearCacheSize())
                        .expireAfter(new Expiry<String, Near<V>>() {
                            @Override
                            public long expireAfterCreate(String key, Near<V> entry, long currentTime) {
                                long left = TimeUnit.MILLISECONDS.toNanos(entry.expiresAtMillis() - clock.millis());
                                return Math.max(0, Math.min(maxNanos, left));
                            }

                            @Override
                            public long expireAfterUpdate(String key, Near<V> entry, long currentTime, long duration) {
                                return expireAfterCreate(key, entry, currentTime);
                            }

                            @Override
                            public long expireAfterRead(String key, Near<V> entry, long currentTime, long duration) {
                                return duration;
                            }
                        })
                        .build();
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

    Near<V> near(String nearKey) {
        return near == null ? null : near.getIfPresent(nearKey);
    }

    void keepNear(String nearKey, Near<V> entry) {
        if (near != null) {
            near.put(nearKey, entry);
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

package io.steward.client.cache.internal;

import io.steward.StewardException;
import io.steward.client.cache.CacheLoadException;
import io.steward.client.cache.Loader;
import io.steward.client.cache.Region;
import io.steward.client.cache.RegionOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Region} as one caller sees it: the whole region, or one tenant of it. Reads go near
 * cache → Redis → loader; see the package documentation for the guarantees.
 */
final class RegionView<V> implements Region<V> {

    private static final Logger log = LoggerFactory.getLogger(RegionView.class);
    private static final long FIRST_PAUSE_MICROS = 1_000;
    private static final long LONGEST_PAUSE_MICROS = 50_000;

    private final CacheEngine engine;
    private final TieredRegion<V> region;
    private final RegionOptions<V> options;
    private final String tenant;
    private final String nearPrefix;
    private final String keyPrefix;
    private final String tagKeyPrefix;
    private final String leasePrefix;
    private final int namespacePrefixLength;
    private final long ttlMillis;

    RegionView(CacheEngine engine, TieredRegion<V> region, String tenant) {
        this.engine = engine;
        this.region = region;
        this.options = region.options();
        this.tenant = tenant;
        String ns = options.namespace();
        this.nearPrefix = tenant == null ? "" : (options.coLocateTenants() ? "{" + tenant + "}:" : tenant + ":");
        this.keyPrefix = ns + ":" + nearPrefix;
        this.tagKeyPrefix = TieredRegion.tagPrefix(ns) + (tenant == null ? "" : tenant + ":");
        this.leasePrefix = ns + "!l:";
        this.namespacePrefixLength = ns.length() + 1;
        this.ttlMillis = options.ttl().toMillis();
    }

    @Override
    public String namespace() {
        return options.namespace();
    }

    @Override
    public V get(String key, Loader<V> loader) {
        return get(key, List.of(), loader);
    }

    @Override
    public V get(String key, List<String> tags, Loader<V> loader) {
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(tags, "tags");
        String nearKey = nearKey(key);
        TieredRegion.Near<V> near = fromNear(nearKey);
        if (near != null && near.refreshAtMillis() == 0) {
            return near.value(); // the hit path; misses and refresh-ahead are in getBeyondNear
        }
        return getBeyondNear(key, nearKey, near, tags, loader);
    }

    /** {@link #get} for a near miss, or a near hit that may be due for an early refresh. */
    private V getBeyondNear(
            String key, String nearKey, TieredRegion.Near<V> near, List<String> tags, Loader<V> loader) {
        if (near == null) {
            near = fromRedis(nearPrefixFree(nearKey), nearKey);
        }
        if (near != null) {
            long refreshAt = near.refreshAtMillis();
            if (refreshAt != 0 && engine.nearClock().millis() >= refreshAt) {
                refreshAhead(key, nearKey, tags, loader);
            }
            return near.value();
        }
        return load(key, nearKey, tags, loader);
    }

    @Override
    public Optional<V> getIfPresent(String key) {
        String nearKey = nearKey(key);
        TieredRegion.Near<V> near = fromNear(nearKey);
        if (near == null) {
            near = fromRedis(nearPrefixFree(nearKey), nearKey);
        }
        return near == null ? Optional.empty() : Optional.ofNullable(near.value());
    }

    @Override
    public void put(String key, V value, String... tags) {
        Objects.requireNonNull(value, "value");
        String nearKey = nearKey(key);
        write(nearPrefixFree(nearKey), nearKey, value, Arrays.asList(tags));
    }

    @Override
    public void invalidate(String key) {
        String nearKey = nearKey(key);
        region.dropNear(nearKey);
        String redisKey = nearPrefixFree(nearKey);
        try {
            engine.redis().delete(redisKey);
        } catch (RedisUnavailableException e) {
            engine.redis().deleteLater(redisKey);
        }
    }

    @Override
    public void invalidateTag(String tag) {
        checkScope();
        String tagKey = tagKeyPrefix + requireTag(tag);
        long seen = engine.invalidations().sequence();
        try {
            long generation = engine.redis().increment(tagKey);
            engine.keepTagGeneration(tagKey, generation, seen);
        } catch (RedisUnavailableException e) {
            engine.redis().incrementLater(tagKey);
            // entries cannot be told apart without the new generation: drop them all here
            region.dropAllNear();
        }
    }

    @Override
    public Region<V> tenant(String id) {
        if (!options.perTenant()) {
            throw new IllegalStateException(
                    "region '" + namespace() + "' is not per tenant; build it with perTenant(...)");
        }
        if (tenant != null) {
            throw new IllegalStateException("this is the view of tenant '" + tenant + "' already");
        }
        return new RegionView<>(engine, region, requireName(id, "tenant"));
    }

    java.time.Duration ttl() {
        return options.ttl();
    }

    /** Stores a batch for warming; returns how many entries were not stored. */
    int warm(Map<String, V> values, long ttl, List<String> tags) {
        checkScope();
        List<Envelope.TagStamp> stamps = stamps(tags);
        long expiresAt = engine.clock().millis() + ttl;
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        values.forEach((k, v) -> encoded.put(
                keyPrefix + k,
                Envelope.encode(options.codec().encode(v), expiresAt, stamps, options.compressionThreshold())));
        return engine.redis().setAll(encoded, ttl);
    }

    private TieredRegion.Near<V> fromNear(String nearKey) {
        TieredRegion.Near<V> near = region.near(nearKey);
        if (near != null) {
            if (near.tags().isEmpty() || tagsCurrent(near.tags())) {
                engine.counters().nearHits.increment();
                return near;
            }
            region.dropNear(nearKey);
        }
        if (region.hasNearCache()) {
            engine.counters().nearMisses.increment();
        }
        return null;
    }

    /** The entry Redis holds, kept in the near cache; null when absent, stale, corrupt or unavailable. */
    private TieredRegion.Near<V> fromRedis(String redisKey, String nearKey) {
        Counters counters = engine.counters();
        long seen = engine.invalidations().sequence();
        byte[] bytes;
        try {
            bytes = engine.redis().get(redisKey);
        } catch (RedisUnavailableException e) {
            return null;
        } catch (Envelope.CorruptValueException e) {
            return corrupt(redisKey, e);
        }
        if (bytes == null) {
            counters.redisMisses.increment();
            return null;
        }
        Envelope.Contents contents;
        V value;
        try {
            contents = Envelope.decode(bytes);
            value = options.codec().decode(contents.payload());
        } catch (RuntimeException e) {
            return corrupt(redisKey, e);
        }
        if (!contents.tags().isEmpty() && !tagsCurrent(contents.tags())) {
            counters.redisMisses.increment();
            return null;
        }
        counters.redisHits.increment();
        // without an expiry in the envelope (version 1), the near-cache TTL alone bounds the near copy
        long expiresAt = contents.expiresAtMillis() != 0 ? contents.expiresAtMillis() : Long.MAX_VALUE;
        TieredRegion.Near<V> near =
                new TieredRegion.Near<>(value, expiresAt, refreshAt(contents.expiresAtMillis()), contents.tags());
        keepNear(nearKey, near, seen);
        return near;
    }

    private TieredRegion.Near<V> corrupt(String redisKey, RuntimeException e) {
        engine.counters().corruptValues.increment();
        engine.counters().redisMisses.increment();
        log.debug("Cache value at {} cannot be read; treated as a miss: {}", redisKey, e.toString());
        return null;
    }

    private V load(String key, String nearKey, List<String> tags, Loader<V> loader) {
        String redisKey = nearPrefixFree(nearKey);
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = engine.loads().putIfAbsent(redisKey, mine);
        if (running != null) {
            return awaitLoad(running);
        }
        try {
            V value = loadOnce(key, redisKey, nearKey, tags, loader);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            engine.loads().remove(redisKey, mine);
        }
    }

    @SuppressWarnings("unchecked")
    private V awaitLoad(CompletableFuture<Object> running) {
        try {
            return (V) running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Loads with a lease in Redis so that one instance loads while the others wait for its value.
     * A lease holder slower than the lease lets the others load themselves; without Redis, the
     * loader's value is kept in the near cache only.
     */
    private V loadOnce(String key, String redisKey, String nearKey, List<String> tags, Loader<V> loader) {
        String lease = leasePrefix + redisKey.substring(namespacePrefixLength);
        byte[] token = engine.leaseToken();
        long leaseMillis = options.loadLease().toMillis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        try {
            long pause = FIRST_PAUSE_MICROS;
            while (!engine.redis().setIfAbsent(lease, token, leaseMillis)) {
                if (System.nanoTime() - deadline > 0) {
                    break;
                }
                pause(pause);
                pause = Math.min(pause * 2, LONGEST_PAUSE_MICROS);
                TieredRegion.Near<V> found = fromRedis(redisKey, nearKey);
                if (found != null) {
                    return found.value();
                }
            }
            try {
                // another instance may have stored it between our miss and our lease
                TieredRegion.Near<V> found = fromRedis(redisKey, nearKey);
                if (found != null) {
                    return found.value();
                }
                V value = callLoader(key, loader);
                if (value != null) {
                    write(redisKey, nearKey, value, tags);
                }
                return value;
            } finally {
                releaseLease(lease, token);
            }
        } catch (RedisUnavailableException e) {
            V value = callLoader(key, loader);
            if (value != null) {
                engine.counters().skippedWrites.increment();
                region.keepNear(
                        nearKey, new TieredRegion.Near<>(value, engine.clock().millis() + ttlMillis, 0, List.of()));
            }
            return value;
        }
    }

    private void releaseLease(String lease, byte[] token) {
        try {
            engine.redis().releaseLease(lease, token);
        } catch (RedisUnavailableException e) {
            log.debug("Releasing load lease {} failed; it expires by itself: {}", lease, e.getMessage());
        }
    }

    private V callLoader(String key, Loader<V> loader) {
        Counters counters = engine.counters();
        counters.loads.increment();
        long start = System.nanoTime();
        try {
            return loader.load(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counters.loadFailures.increment();
            throw new CacheLoadException(describe(key) + ": the loader was interrupted", e);
        } catch (Exception e) {
            counters.loadFailures.increment();
            throw new CacheLoadException(describe(key) + ": the loader failed: " + e, e);
        } finally {
            counters.loadNanos.add(System.nanoTime() - start);
        }
    }

    /** Writes to Redis, or remembers to delete the key there when Redis is unavailable; keeps it near. */
    private void write(String redisKey, String nearKey, V value, List<String> tags) {
        List<Envelope.TagStamp> stamps;
        try {
            stamps = stamps(tags);
        } catch (RedisUnavailableException e) {
            // a tag generation not known here cannot be read: without it the entry could not be told
            // stale later, so it is neither written nor kept near (a write skipped, as Region.put says)
            engine.redis().deleteLater(redisKey);
            region.dropNear(nearKey);
            return;
        }
        long expiresAt = engine.clock().millis() + ttlMillis;
        byte[] bytes =
                Envelope.encode(options.codec().encode(value), expiresAt, stamps, options.compressionThreshold());
        long seen = engine.invalidations().sequence();
        try {
            engine.redis().set(redisKey, bytes, ttlMillis);
        } catch (RedisUnavailableException e) {
            engine.redis().deleteLater(redisKey);
        }
        keepNear(nearKey, new TieredRegion.Near<>(value, expiresAt, refreshAt(expiresAt), stamps), seen);
    }

    /** Keeps an entry near unless an invalidation arrived since {@code seen} (it may concern it). */
    private void keepNear(String nearKey, TieredRegion.Near<V> near, long seen) {
        region.keepNear(nearKey, near);
        if (engine.invalidations().sequence() != seen) {
            region.dropNear(nearKey);
        }
    }

    /** Starts a background refresh of an entry that is due for one, unless a load of it is running. */
    private void refreshAhead(String key, String nearKey, List<String> tags, Loader<V> loader) {
        String redisKey = nearPrefixFree(nearKey);
        CompletableFuture<Object> marker = new CompletableFuture<>();
        if (engine.loads().putIfAbsent(redisKey, marker) != null) {
            return;
        }
        try {
            engine.background().execute(() -> {
                try {
                    refresh(key, redisKey, nearKey, tags, loader);
                    marker.complete(null);
                } catch (RuntimeException e) {
                    marker.complete(null);
                    log.warn("Refreshing {} ahead of expiry failed: {}", describe(key), e.getMessage());
                } finally {
                    engine.loads().remove(redisKey, marker);
                }
            });
        } catch (RejectedExecutionException e) {
            engine.loads().remove(redisKey, marker);
        }
    }

    private void refresh(String key, String redisKey, String nearKey, List<String> tags, Loader<V> loader) {
        String lease = leasePrefix + redisKey.substring(namespacePrefixLength);
        byte[] token = engine.leaseToken();
        if (!engine.redis().setIfAbsent(lease, token, options.loadLease().toMillis())) {
            return; // another instance refreshes it
        }
        try {
            engine.counters().refreshes.increment();
            V value = callLoader(key, loader);
            if (value != null) {
                write(redisKey, nearKey, value, tags);
            }
        } finally {
            releaseLease(lease, token);
        }
    }

    private long refreshAt(long expiresAtMillis) {
        if (options.refreshAhead() == 0 || expiresAtMillis == 0) {
            return 0;
        }
        return expiresAtMillis - ttlMillis + (long) (ttlMillis * options.refreshAhead());
    }

    private List<Envelope.TagStamp> stamps(List<String> tags) {
        if (tags.isEmpty()) {
            return List.of();
        }
        List<Envelope.TagStamp> stamps = new ArrayList<>(tags.size());
        for (String tag : tags) {
            String name = requireTag(tag);
            stamps.add(new Envelope.TagStamp(name, engine.tagGeneration(tagKeyPrefix + name)));
        }
        return stamps;
    }

    private boolean tagsCurrent(List<Envelope.TagStamp> stamps) {
        try {
            for (Envelope.TagStamp stamp : stamps) {
                if (engine.tagGeneration(tagKeyPrefix + stamp.tag()) != stamp.generation()) {
                    return false;
                }
            }
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    private String nearKey(String key) {
        Objects.requireNonNull(key, "key");
        checkScope();
        return nearPrefix.isEmpty() ? key : nearPrefix + key;
    }

    private String nearPrefixFree(String nearKey) {
        return options.namespace() + ":" + nearKey;
    }

    private void checkScope() {
        engine.ensureOpen();
        if (tenant == null && options.perTenant()) {
            throw new IllegalStateException(
                    "region '" + namespace() + "' is per tenant: call tenant(id) and use the view it returns");
        }
    }

    private String describe(String key) {
        return "cache region '" + namespace() + "'" + (tenant == null ? "" : " tenant '" + tenant + "'") + " key '"
                + key + "'";
    }

    private static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!TieredRegion.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "': use 1-64 letters, digits, '_', '.' or '-'");
        }
        return name;
    }

    private static String requireTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        if (!TieredRegion.TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("tag '" + tag + "': use 1-128 letters, digits, '_', '.', ':' or '-'");
        }
        return tag;
    }

    private static void pause(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while waiting for another instance to load", e);
        }
    }
}

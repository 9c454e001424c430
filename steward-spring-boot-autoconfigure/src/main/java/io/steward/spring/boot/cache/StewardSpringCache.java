package io.steward.spring.boot.cache;

import io.steward.client.cache.CacheLoadException;
import io.steward.client.cache.Loader;
import io.steward.client.cache.Region;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * One Spring cache over one Steward {@link Region} (or one tenant's view of it). Keys are the
 * {@code toString()} of Spring's cache keys. {@code null} values are not cached: putting one evicts the key,
 * as a loader returning {@code null} caches nothing in Steward. Every entry carries {@link #ALL_ENTRIES_TAG}
 * so that {@link #clear()} is one tag invalidation instead of a scan; a value implementing
 * {@link CacheTagged} carries its own tags too, for {@link #evictTag(String)}. Thread-safe.
 */
public final class StewardSpringCache implements Cache {

    /** The tag under which every entry of the cache is stored, for {@link #clear()}. */
    static final String ALL_ENTRIES_TAG = "spring.cache.all";

    private static final List<String> ALL_ENTRIES = List.of(ALL_ENTRIES_TAG);

    private final String name;
    private final Region<Object> region;

    StewardSpringCache(String name, Region<Object> region) {
        this.name = name;
        this.region = region;
    }

    @Override
    public String getName() {
        return name;
    }

    /** The Steward region. */
    @Override
    public Region<Object> getNativeCache() {
        return region;
    }

    @Override
    public ValueWrapper get(Object key) {
        return region.getIfPresent(keyOf(key)).map(SimpleValueWrapper::new).orElse(null);
    }

    @Override
    public <T> T get(Object key, Class<T> type) {
        Object value = region.getIfPresent(keyOf(key)).orElse(null);
        if (value != null && type != null && !type.isInstance(value)) {
            throw new IllegalStateException("cached value in '" + name + "' is not of required type [" + type.getName()
                    + "]: " + value.getClass().getName());
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
    }

    /**
     * The value from the near cache or Redis, else from {@code valueLoader}, run once per key in
     * this process and, with Steward's load lease, mostly once across instances.
     *
     * @throws ValueRetrievalException when {@code valueLoader} threw
     */
    @Override
    public <T> T get(Object key, Callable<T> valueLoader) {
        String cacheKey = keyOf(key);
        TrackingLoader loader = new TrackingLoader(valueLoader);
        Object value;
        try {
            value = region.get(cacheKey, ALL_ENTRIES, loader);
        } catch (CacheLoadException e) {
            throw new ValueRetrievalException(key, valueLoader, e.getCause() != null ? e.getCause() : e);
        }
        if (value instanceof CacheTagged tagged && value == loader.loaded) {
            // the region stores a loaded value under the tags given before loading; this one names its own
            region.put(cacheKey, value, tagsOf(tagged));
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            region.invalidate(keyOf(key));
        } else if (value instanceof CacheTagged tagged) {
            region.put(keyOf(key), value, tagsOf(tagged));
        } else {
            region.put(keyOf(key), value, ALL_ENTRIES_TAG);
        }
    }

    /**
     * Makes every entry stored under {@code tag} (by a {@link CacheTagged} value) a miss, in every instance,
     * in constant time; entries without that tag stay.
     *
     * @throws IllegalArgumentException when {@code tag} is not 1-128 letters, digits, {@code _ . : -}
     */
    public void evictTag(String tag) {
        region.invalidateTag(tag);
    }

    @Override
    public void evict(Object key) {
        region.invalidate(keyOf(key));
    }

    /** Makes every entry of this cache a miss, in every instance, in constant time. */
    @Override
    public void clear() {
        region.invalidateTag(ALL_ENTRIES_TAG);
    }

    private static String keyOf(Object key) {
        return String.valueOf(Objects.requireNonNull(key, "key"));
    }

    private static String[] tagsOf(CacheTagged tagged) {
        Collection<String> own = tagged.cacheTags();
        String[] tags = new String[own.size() + 1];
        tags[0] = ALL_ENTRIES_TAG;
        int i = 1;
        for (String tag : own) {
            tags[i++] = tag;
        }
        return tags;
    }

    /** Calls Spring's loader and remembers what it returned, to tell a loaded value from a cached one. */
    private static final class TrackingLoader implements Loader<Object> {

        private final Callable<?> valueLoader;
        private Object loaded;

        TrackingLoader(Callable<?> valueLoader) {
            this.valueLoader = valueLoader;
        }

        @Override
        public Object load(String key) throws Exception {
            loaded = valueLoader.call();
            return loaded;
        }
    }
}

package io.steward.spring.boot.cache;

import io.steward.client.cache.CacheLoadException;
import io.steward.client.cache.Loader;
import io.steward.client.cache.Region;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;
import org.springframework.util.ReflectionUtils;

/**
 * One Spring cache over one Steward {@link Region} (or one tenant's view of it). Keys are the
 * {@code toString()} of Spring's cache keys; a key whose class does not override {@code toString()} (its
 * identity string would never hit across instances) is refused with an {@link IllegalStateException}, as
 * Spring's own Redis cache does. {@code null} values are not cached: putting one evicts the key, as a loader
 * returning {@code null} caches nothing in Steward. The asynchronous {@link #retrieve} methods (for
 * {@code @Cacheable} methods returning {@code CompletableFuture} or reactive types) read Redis on the common
 * fork-join pool. Every entry carries {@link #ALL_ENTRIES_TAG}
 * so that {@link #clear()} is one tag invalidation instead of a scan; a value implementing
 * {@link CacheTagged} carries its own tags too, for {@link #evictTag(String)}. Thread-safe.
 *
 * <p>A {@link #clear()} or {@link #evictTag(String)} while a loader runs does not reach the value that loader
 * returns: the region stamps an entry with its tags' generations when it stores the value, after the loader has
 * run, so a value computed from data read before the eviction is stored as current (until its TTL or the next
 * eviction). Evict after the change to the underlying data is committed, and keep loads short.
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
        if (value == loader.loaded && loader.called) {
            retag(cacheKey, value);
        }
        @SuppressWarnings("unchecked")
        T typed = (T) value;
        return typed;
    }

    /**
     * Stores {@code value} unless the key has one: the check and the store are the region's load, so concurrent
     * calls for one key store once in this process and, under Steward's load lease, mostly once across
     * instances (not strictly: the lease is not a lock).
     *
     * @return the value already cached, or {@code null} when {@code value} was stored (or is {@code null})
     */
    @Override
    public ValueWrapper putIfAbsent(Object key, Object value) {
        if (value == null) {
            return get(key);
        }
        String cacheKey = keyOf(key);
        TrackingLoader loader = new TrackingLoader(() -> value);
        Object cached;
        try {
            cached = region.get(cacheKey, ALL_ENTRIES, loader);
        } catch (CacheLoadException e) {
            throw new IllegalStateException("cannot store in cache '" + name + "'", e);
        }
        if (cached == loader.loaded && loader.called) {
            retag(cacheKey, cached);
            return null;
        }
        return cached == null ? null : new SimpleValueWrapper(cached);
    }

    /**
     * The cached value, completed on the common fork-join pool (reading Redis blocks); completes with
     * {@code null} on a miss.
     */
    @Override
    public CompletableFuture<?> retrieve(Object key) {
        String cacheKey = keyOf(key);
        return CompletableFuture.supplyAsync(() -> region.getIfPresent(cacheKey).orElse(null));
    }

    /**
     * The cached value, else the value {@code valueLoader} completes with, then stored as {@link #put} does
     * (a {@code null} is not stored).
     */
    @Override
    public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
        String cacheKey = keyOf(key);
        return CompletableFuture.supplyAsync(() -> region.getIfPresent(cacheKey).orElse(null))
                .thenCompose(cached -> {
                    if (cached != null) {
                        @SuppressWarnings("unchecked")
                        T typed = (T) cached;
                        return CompletableFuture.completedFuture(typed);
                    }
                    return valueLoader.get().thenApply(loaded -> {
                        put(key, loaded);
                        return loaded;
                    });
                });
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

    /**
     * Stores a value the region has just loaded under its own tags too, when it names some: the region's load
     * knows the tags passed to it only, which are given before the value exists.
     */
    private void retag(String cacheKey, Object loaded) {
        if (loaded instanceof CacheTagged tagged) {
            region.put(cacheKey, loaded, tagsOf(tagged));
        }
    }

    /**
     * @throws IllegalStateException when the key's class does not override {@code toString()}
     */
    static String keyOf(Object key) {
        Objects.requireNonNull(key, "key");
        if (!HAS_OWN_TO_STRING.get(key.getClass())) {
            throw new IllegalStateException("cannot use a " + key.getClass().getName()
                    + " as a cache key: it does not override toString(), so its key would be its identity; override"
                    + " toString() or give @Cacheable a key expression");
        }
        return key.toString();
    }

    private static final ClassValue<Boolean> HAS_OWN_TO_STRING = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            Method toString = ReflectionUtils.findMethod(type, "toString");
            return toString != null && toString.getDeclaringClass() != Object.class;
        }
    };

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
        private volatile Object loaded;
        private volatile boolean called;

        TrackingLoader(Callable<?> valueLoader) {
            this.valueLoader = valueLoader;
        }

        @Override
        public Object load(String key) throws Exception {
            loaded = valueLoader.call();
            called = true;
            return loaded;
        }
    }
}

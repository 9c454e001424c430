package io.steward.spring.boot.cache;

import io.steward.ConfigException;
import io.steward.client.cache.RegionOptions;
import io.steward.client.cache.StewardCache;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Spring's {@link CacheManager} over a {@link StewardCache}: each cache name is a Steward region of
 * that namespace, configured by {@link StewardCacheProperties}. Caches named in the properties are
 * created at once, so their bad settings fail the context start; others on first use. Thread-safe.
 */
public final class StewardCacheManager implements CacheManager {

    private final StewardCache stewardCache;
    private final StewardCacheProperties properties;
    private final ClassLoader classLoader;
    private final Map<String, Cache> caches = new ConcurrentHashMap<>();

    /**
     * @throws ConfigException naming the {@code steward.cache.caches.*} property of a bad setting
     */
    public StewardCacheManager(StewardCache stewardCache, StewardCacheProperties properties, ClassLoader classLoader) {
        this.stewardCache = stewardCache;
        this.properties = properties;
        this.classLoader = classLoader;
        properties.caches().keySet().forEach(this::getCache);
    }

    /**
     * @throws ConfigException when {@code name} is not a valid Steward namespace or its settings are bad
     */
    @Override
    public Cache getCache(String name) {
        return caches.computeIfAbsent(name, this::createCache);
    }

    @Override
    public Collection<String> getCacheNames() {
        return List.copyOf(caches.keySet());
    }

    private Cache createCache(String name) {
        StewardCacheProperties.CacheSettings settings = properties.settingsOf(name);
        RegionOptions<Object> options;
        try {
            RegionOptions.Builder<Object> builder = RegionOptions.builder(name, new SerializedValueCodec(classLoader));
            if (settings.ttl() != null) {
                builder.ttl(settings.ttl());
            }
            if (settings.nearCacheSize() != null || settings.nearCacheTtl() != null) {
                builder.nearCache(
                        settings.nearCacheSize() != null
                                ? settings.nearCacheSize()
                                : RegionOptions.DEFAULT_NEAR_CACHE_SIZE,
                        settings.nearCacheTtl() != null
                                ? settings.nearCacheTtl()
                                : RegionOptions.DEFAULT_NEAR_CACHE_TTL);
            }
            options = builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            String prefix = properties.caches().containsKey(name) ? "steward.cache.caches." + name : "steward.cache";
            throw new ConfigException(prefix, "cache '" + name + "': " + e.getMessage());
        }
        return new StewardSpringCache(name, stewardCache.region(options));
    }
}

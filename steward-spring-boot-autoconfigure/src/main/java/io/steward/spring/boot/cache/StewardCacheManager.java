package io.steward.spring.boot.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.ConfigException;
import io.steward.client.cache.Region;
import io.steward.client.cache.RegionOptions;
import io.steward.client.cache.StewardCache;
import io.steward.client.cache.ValueCodec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.cache.CacheManager;

/**
 * Spring's {@link CacheManager} over a {@link StewardCache}: each cache name is a Steward region of
 * that namespace (or one tenant's view of it), configured by {@link StewardCacheProperties}. Caches named in
 * the properties are created at once, so their bad settings fail the context start; others on first use.
 * Thread-safe.
 */
public final class StewardCacheManager implements CacheManager {

    /** {@code steward.cache.caches.<name>.codec} of Java serialization, the default. */
    public static final String JAVA_CODEC = "java";

    /** {@code steward.cache.caches.<name>.codec} of JSON of one class ({@code .type}). */
    public static final String JSON_CODEC = "json";

    private final StewardCache stewardCache;
    private final StewardCacheProperties properties;
    private final Function<String, ValueCodec<?>> codecBeans;
    private final SerializedValueCodec javaCodec;
    private final ObjectMapper jsonMapper = new ObjectMapper().findAndRegisterModules();
    private final Map<String, StewardSpringCache> caches = new ConcurrentHashMap<>();

    /**
     * A manager without codec beans: {@code codec} may be {@code java} or {@code json} only.
     *
     * @throws ConfigException naming the {@code steward.cache.caches.*} property of a bad setting
     */
    public StewardCacheManager(StewardCache stewardCache, StewardCacheProperties properties, ClassLoader classLoader) {
        this(stewardCache, properties, classLoader, name -> null);
    }

    /**
     * @param codecBeans the application's {@link ValueCodec} bean of a name, or {@code null} when there is none
     * @throws ConfigException naming the {@code steward.cache.caches.*} property of a bad setting
     */
    public StewardCacheManager(
            StewardCache stewardCache,
            StewardCacheProperties properties,
            ClassLoader classLoader,
            Function<String, ValueCodec<?>> codecBeans) {
        this.stewardCache = stewardCache;
        this.properties = properties;
        this.codecBeans = Objects.requireNonNull(codecBeans, "codecBeans");
        this.javaCodec = new SerializedValueCodec(classLoader, properties.javaAllowList());
        properties.caches().keySet().forEach(this::getCache);
    }

    /**
     * @throws ConfigException when {@code name} is not a valid Steward namespace or its settings are bad
     */
    @Override
    public StewardSpringCache getCache(String name) {
        StewardSpringCache cache = caches.get(name); // no lock on the way to an existing cache
        return cache != null ? cache : caches.computeIfAbsent(name, this::createCache);
    }

    @Override
    public Collection<String> getCacheNames() {
        return List.copyOf(caches.keySet());
    }

    /**
     * Makes every entry of cache {@code cacheName} stored under {@code tag} a miss, in every instance.
     *
     * @see StewardSpringCache#evictTag(String)
     */
    public void evictTag(String cacheName, String tag) {
        getCache(cacheName).evictTag(tag);
    }

    private StewardSpringCache createCache(String name) {
        StewardCacheProperties.CacheSettings settings = properties.settingsOf(name);
        String section = properties.caches().containsKey(name) ? "steward.cache.caches." + name : "steward.cache";
        ValueCodec<Object> codec = codec(name, settings, section);
        Region<Object> region;
        try {
            RegionOptions.Builder<Object> builder = RegionOptions.builder(name, codec);
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
            if (settings.tenant() != null) {
                builder.perTenant(false);
            }
            region = stewardCache.region(builder.build());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(section, "cache '" + name + "': " + e.getMessage());
        }
        if (settings.tenant() != null) {
            try {
                region = region.tenant(settings.tenant());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(section + ".tenant", "cache '" + name + "': " + e.getMessage());
            }
        }
        return new StewardSpringCache(name, region);
    }

    @SuppressWarnings("unchecked")
    private ValueCodec<Object> codec(String name, StewardCacheProperties.CacheSettings settings, String section) {
        String codec = settings.codec() != null ? settings.codec() : JAVA_CODEC;
        if (settings.type() != null && !codec.equals(JSON_CODEC)) {
            throw new ConfigException(
                    section + ".type", "is for codec json only (cache '" + name + "' has codec " + codec + ")");
        }
        switch (codec) {
            case JAVA_CODEC:
                return javaCodec;
            case JSON_CODEC:
                if (settings.type() == null) {
                    throw new ConfigException(
                            section + ".type",
                            "is required with codec json: the class every value of cache '" + name + "' is");
                }
                return new JsonTypeCodec(name, jsonMapper, settings.type());
            default:
                ValueCodec<?> bean = codecBeans.apply(codec);
                if (bean == null) {
                    throw new ConfigException(
                            section + ".codec",
                            "'" + codec + "' is neither java, json nor the name of a ValueCodec bean");
                }
                return (ValueCodec<Object>) bean;
        }
    }
}

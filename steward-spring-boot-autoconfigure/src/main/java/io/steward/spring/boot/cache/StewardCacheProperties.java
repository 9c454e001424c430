package io.steward.spring.boot.cache;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code steward.cache.*} properties: defaults for every Spring cache, and a section per cache
 * name that overrides them. A cache not named here is created on first use with the defaults.
 *
 * @param enabled       whether the Steward cache manager is auto-configured (when caching is enabled
 *                      and no other CacheManager is defined)
 * @param ttl           how long an entry lives in Redis; unset takes the Steward region default (10 min)
 * @param nearCacheSize entries kept in this process per cache; 0 turns the near cache off; unset takes
 *                      the Steward region default (10 000)
 * @param nearCacheTtl  the longest an entry stays in the near cache; unset takes the Steward region
 *                      default (5 min)
 * @param caches        settings per cache name, overriding the defaults above
 * @param javaAllowList the only classes a value of codec {@code java} may contain, as an
 *                      {@link java.io.ObjectInputFilter} pattern ({@code com.example.**;java.util.*;java.lang.*});
 *                      unset: any class. Reads are always bounded in depth, references and array sizes
 */
@ConfigurationProperties("steward.cache")
public record StewardCacheProperties(
        @DefaultValue("true") boolean enabled,
        Duration ttl,
        Integer nearCacheSize,
        Duration nearCacheTtl,
        Map<String, CacheSettings> caches,
        String javaAllowList) {

    public StewardCacheProperties {
        caches = caches == null ? Map.of() : Map.copyOf(caches);
    }

    /** The settings of cache {@code name}: its own section, falling back to the defaults. */
    CacheSettings settingsOf(String name) {
        CacheSettings own = caches.getOrDefault(name, CacheSettings.NONE);
        return new CacheSettings(
                own.ttl() != null ? own.ttl() : ttl,
                own.nearCacheSize() != null ? own.nearCacheSize() : nearCacheSize,
                own.nearCacheTtl() != null ? own.nearCacheTtl() : nearCacheTtl,
                own.codec(),
                own.type(),
                own.tenant());
    }

    /**
     * One cache's settings; unset values take the {@code steward.cache.*} defaults, except {@code codec},
     * {@code type} and {@code tenant}, which exist per cache only.
     *
     * @param ttl           how long an entry lives in Redis
     * @param nearCacheSize entries kept in this process; 0 turns the near cache off
     * @param nearCacheTtl  the longest an entry stays in the near cache
     * @param codec         how values are stored: {@code java} (the default: Java serialization of any
     *                      {@code Serializable}), {@code json} (Jackson, read back as {@code type} only), or the
     *                      name of a {@link io.steward.client.cache.ValueCodec} bean of the application
     * @param type          with {@code codec: json}, the class every value of the cache is (required); JSON is
     *                      always read back as this class, never as a class named in the data
     * @param tenant        the tenant this application's cache belongs to: the cache is the Steward region's view
     *                      of that tenant ({@code Region.tenant}), whose keys and tags no other tenant reaches
     */
    public record CacheSettings(
            Duration ttl, Integer nearCacheSize, Duration nearCacheTtl, String codec, Class<?> type, String tenant) {

        static final CacheSettings NONE = new CacheSettings(null, null, null, null, null, null);
    }
}

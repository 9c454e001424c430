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
 */
@ConfigurationProperties("steward.cache")
public record StewardCacheProperties(
        @DefaultValue("true") boolean enabled,
        Duration ttl,
        Integer nearCacheSize,
        Duration nearCacheTtl,
        Map<String, CacheSettings> caches) {

    public StewardCacheProperties {
        caches = caches == null ? Map.of() : Map.copyOf(caches);
    }

    /** The settings of cache {@code name}: its own section, falling back to the defaults. */
    CacheSettings settingsOf(String name) {
        CacheSettings own = caches.getOrDefault(name, new CacheSettings(null, null, null));
        return new CacheSettings(
                own.ttl() != null ? own.ttl() : ttl,
                own.nearCacheSize() != null ? own.nearCacheSize() : nearCacheSize,
                own.nearCacheTtl() != null ? own.nearCacheTtl() : nearCacheTtl);
    }

    /**
     * One cache's settings; unset values take the {@code steward.cache.*} defaults.
     *
     * @param enabled       whether the Steward cache manager is auto-configured (when caching is enabled
     *                      and no other CacheManager is defined)
     * @param ttl           how long an entry lives in Redis
     * @param nearCacheSize entries kept in this process; 0 turns the near cache off
     * @param nearCacheTtl  the longest an entry stays in the near cache
     */
    public record CacheSettings(Duration ttl, Integer nearCacheSize, Duration nearCacheTtl) {}
}

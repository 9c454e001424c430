package io.steward.spring.boot.cache;

import io.steward.client.cache.WarmingStrategy;
import java.util.Map;
import java.util.Optional;
import org.springframework.cache.Cache;

/**
 * Turns a {@link StewardCacheWarmer} into the Steward {@link WarmingStrategy} of one Spring cache, so
 * that warmed entries are stored exactly as {@code @Cacheable} stores them: same key, same codec,
 * under the tag that {@code @CacheEvict(allEntries = true)} invalidates, and a {@link CacheTagged} value under
 * its own tags too. Untagged values are written in the strategy's pipelined batches; a warming strategy has one
 * set of tags for all its entries, so each tagged value is written on its own as it is generated.
 */
public final class CacheWarming {

    private CacheWarming() {}

    /**
     * The strategy of {@code warmer} for {@code cache}, or empty when {@code cache} is not served by a
     * {@link StewardCacheManager}.
     */
    public static Optional<WarmingStrategy<Object>> strategy(String name, Cache cache, StewardCacheWarmer warmer) {
        if (!(cache instanceof StewardSpringCache steward)) {
            return Optional.empty();
        }
        return Optional.of(WarmingStrategy.of(name, steward.getNativeCache(), () -> warmer.entries()
                        .filter(e -> e.getKey() != null && e.getValue() != null)
                        .filter(e -> {
                            if (e.getValue() instanceof CacheTagged) {
                                steward.put(e.getKey(), e.getValue()); // under its own tags
                                return false;
                            }
                            return true;
                        })
                        .map(e -> Map.entry(StewardSpringCache.keyOf(e.getKey()), (Object) e.getValue())))
                .withTags(StewardSpringCache.ALL_ENTRIES_TAG));
    }
}

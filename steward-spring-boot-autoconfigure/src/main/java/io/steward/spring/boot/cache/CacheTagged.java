package io.steward.spring.boot.cache;

import java.util.Collection;

/**
 * A value that a Steward Spring cache stores under tags, so that {@link StewardSpringCache#evictTag(String)}
 * (or {@link StewardCacheManager#evictTag(String, String)}) makes it a miss together with every other entry of
 * that tag, in every instance, without a scan. Implemented by what {@code @Cacheable} / {@code @CachePut}
 * methods return.
 *
 * <p>Tags are 1-128 letters, digits, {@code _ . : -}; at most 254 per value. A bad tag fails the put with an
 * {@link IllegalArgumentException}.
 */
public interface CacheTagged {

    /** The tags to store this value under, such as {@code category:books}; read when the value is stored. */
    Collection<String> cacheTags();
}

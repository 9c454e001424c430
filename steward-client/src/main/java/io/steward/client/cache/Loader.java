package io.steward.client.cache;

/**
 * Loads the value of a key from the system of record when neither the near cache nor Redis has
 * it. May throw; the exception reaches the caller of {@link Region#get(String, Loader)} wrapped in
 * {@link CacheLoadException}, and waiting callers for the same key get the same failure.
 *
 * @param <V> the value type
 */
@FunctionalInterface
public interface Loader<V> {

    /**
     * @param key the key as the caller gave it (without namespace or tenant)
     * @return the value, or {@code null} when there is none (nothing is cached then)
     */
    V load(String key) throws Exception;
}

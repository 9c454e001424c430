/**
 * Spring's cache abstraction over {@link io.steward.client.cache.StewardCache}: every Spring cache is
 * one Steward region (or one tenant's view of it), so {@code @Cacheable}, {@code @CachePut} and
 * {@code @CacheEvict} go through the near cache, Redis and the circuit breaker. Configured under
 * {@code steward.cache.*}, per cache with its codec (Java serialization, JSON of one class, or a
 * {@link io.steward.client.cache.ValueCodec} bean) and tenant; values implementing
 * {@link io.steward.spring.boot.cache.CacheTagged} are stored under their tags for
 * {@link io.steward.spring.boot.cache.StewardSpringCache#evictTag(String)}.
 */
package io.steward.spring.boot.cache;

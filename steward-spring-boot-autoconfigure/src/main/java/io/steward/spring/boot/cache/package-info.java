/**
 * Spring's cache abstraction over {@link io.steward.client.cache.StewardCache}: every Spring cache is
 * one Steward region, so {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} go through the
 * near cache, Redis and the circuit breaker. Configured under {@code steward.cache.*}.
 */
package io.steward.spring.boot.cache;

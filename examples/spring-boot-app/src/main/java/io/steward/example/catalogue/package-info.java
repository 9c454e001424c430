/**
 * The product catalogue: an in-memory stand-in for a database that counts loads, a service whose
 * {@code @Cacheable}/{@code @CachePut}/{@code @CacheEvict} methods go through Steward's cache, and
 * eviction of a whole category by cache tag.
 */
package io.steward.example.catalogue;

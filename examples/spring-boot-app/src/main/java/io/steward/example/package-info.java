/**
 * An example Spring Boot application on the Steward starter. {@code catalogue}: products cached
 * with {@code @Cacheable}, {@code @CachePut}, {@code @CacheEvict} and evicted by category tag;
 * {@code login}: one-time codes by "mail", a rate limit per user and per address, and the signed-in
 * user in the session.
 */
package io.steward.example;

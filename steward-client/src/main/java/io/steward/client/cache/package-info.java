/**
 * The application cache: a near cache (Caffeine) in front of Redis in front of the caller's loader,
 * in named {@link io.steward.client.cache.Region regions} with their own namespace, TTL and codec.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>Every instance's near cache hears of writes made anywhere (Redis client tracking in
 *       broadcast mode on the namespace), and drops everything it holds whenever it may have
 *       missed a message: connection lost, master switched, reconnected.</li>
 *   <li>One load per key at a time: per process, and across processes through a short lease in
 *       Redis.</li>
 *   <li>Tags invalidate in O(1): every tag has a generation counter, and an entry written under an
 *       older generation reads as a miss.</li>
 *   <li>When Redis fails, a circuit breaker stops waiting for it: reads are served from the near
 *       cache and the loader, writes are skipped and counted and replayed as deletes when Redis
 *       returns; {@link io.steward.client.cache.StewardCache#health()} reports
 *       {@link io.steward.client.cache.CacheHealth#DEGRADED}.</li>
 *   <li>A value Redis holds that cannot be decoded is a miss and a count, never an exception.</li>
 * </ul>
 *
 * <p>Entry points: {@link io.steward.client.cache.StewardCache#create}, then
 * {@link io.steward.client.cache.StewardCache#region}. Everything in {@code .internal} may change.
 */
package io.steward.client.cache;

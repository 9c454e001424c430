/**
 * Rate limits shared across processes: a {@link io.steward.client.ratelimit.RateLimiter} enforces
 * one or more {@link io.steward.client.ratelimit.RateLimit limits} (GCRA or an exact sliding
 * window) per identity, deciding in one server-side script per request with the server's clock.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>No concurrency admits more than the limits allow: every decision is one atomic script run
 *       in Redis, and all of a limiter's limits are consumed together or not at all.</li>
 *   <li>Time is Redis's ({@code TIME}), never a client's: clocks of application hosts do not
 *       matter.</li>
 *   <li>Keys expire on their own once an identity's state is back to fresh.</li>
 *   <li>Fail closed by default: {@link io.steward.ConnectionFailedException} when Redis is
 *       unavailable; {@link io.steward.client.ratelimit.RateLimiterOptions#failOpen()} allows
 *       instead, flagged in the decision and counted.</li>
 * </ul>
 */
package io.steward.client.ratelimit;

/**
 * One-time codes and tokens for an (identity, purpose) pair: numeric codes sent by mail or SMS
 * ({@link io.steward.client.token.OneTimeCodes}) and opaque URL-safe tokens for links
 * ({@link io.steward.client.token.OneTimeTokens}).
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>Redis holds only keyed hashes (HMAC-SHA256 under the application's secret): key names, stored values
 *       and, for tokens, the identity (encrypted) reveal nothing to whoever reads the key space.</li>
 *   <li>Single use: verify-and-consume is one server-side script, so a code or token answers
 *       {@link io.steward.client.token.VerifyResult#VALID} once, whatever the concurrency.</li>
 *   <li>Codes: attempt limit, resend cooldown, expiry by the server's clock, constant-time comparison.</li>
 *   <li>Keys expire on their own, a bounded grace after the code or token does.</li>
 *   <li>Fail closed: when Redis is unavailable the calls throw {@link io.steward.ConnectionFailedException}.</li>
 * </ul>
 *
 * <p>Metrics: {@link io.steward.client.token.TokenMetrics} (Micrometer, optional). See docs/coordination.md.
 */
package io.steward.client.token;

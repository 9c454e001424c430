/**
 * Coordination beans over the Steward client: {@link io.steward.client.lock.StewardLocks} (configured under
 * {@code steward.locks.*}), {@link io.steward.spring.boot.coordination.StewardRateLimiters} (limiters defined
 * under {@code steward.rate-limits.<name>.*}), and {@link io.steward.client.token.OneTimeCodes} /
 * {@link io.steward.client.token.OneTimeTokens} when {@code steward.codes.secret-file} /
 * {@code steward.tokens.secret-file} is set. Every bad setting fails the context start naming its property.
 */
package io.steward.spring.boot.coordination;

package io.steward.client.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The answer to one {@link RateLimiter#tryAcquire} call.
 *
 * @param allowed    whether the permits were granted (and consumed in every limit)
 * @param remaining  permits the same identity could still be granted right after this decision: the
 *                   smallest over all limits; {@code -1} when the decision was made without Redis
 *                   ({@link #failedOpen()})
 * @param retryAfter when refused, how long until the same request would be admitted if nobody else asked
 *                   meanwhile: the longest wait of the limits that refused; zero when allowed
 * @param limitedBy  when refused, the name of the limit with that longest wait; {@code null} when allowed
 * @param decidedAt  the server's time ({@code TIME}) when Redis decided; the client's clock for a
 *                   fail-open decision
 * @throws IllegalArgumentException for a combination no limiter answers: an allowed decision with a wait or a
 *                                  limiting limit, a refusal without them, a refusal with {@code remaining} below 0,
 *                                  or {@code remaining} below -1
 */
public record Decision(boolean allowed, long remaining, Duration retryAfter, String limitedBy, Instant decidedAt) {

    public Decision {
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(decidedAt, "decidedAt");
        if (allowed) {
            if (remaining < -1 || !retryAfter.isZero() || limitedBy != null) {
                throw new IllegalArgumentException("an allowed decision has remaining >= -1 (-1: failed open), a zero"
                        + " retryAfter and no limitedBy, was " + remaining + ", " + retryAfter + ", " + limitedBy);
            }
        } else if (remaining < 0 || retryAfter.isNegative() || retryAfter.isZero() || limitedBy == null) {
            throw new IllegalArgumentException("a refusal has remaining >= 0, a positive retryAfter and a limitedBy,"
                    + " was " + remaining + ", " + retryAfter + ", " + limitedBy);
        }
    }

    /**
     * Whether Redis could not be asked and the limiter, configured with
     * {@link RateLimiterOptions#failOpen()}, allowed the request without it.
     */
    public boolean failedOpen() {
        return allowed && remaining < 0;
    }

    static Decision openWithoutRedis(Instant now) {
        return new Decision(true, -1, Duration.ZERO, null, now);
    }
}

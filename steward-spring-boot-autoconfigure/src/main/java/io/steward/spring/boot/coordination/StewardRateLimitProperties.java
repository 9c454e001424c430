package io.steward.spring.boot.coordination;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code steward.rate-limits.<name>.*} properties: one rate limiter per name, each enforcing one or more
 * limits per identity. Bound from the {@code steward} prefix because the limiters' names are the first level
 * under {@code steward.rate-limits}.
 *
 * <pre>
 * steward.rate-limits.login.limits[0].algorithm=gcra
 * steward.rate-limits.login.limits[0].limit=5
 * steward.rate-limits.login.limits[0].period=1m
 * steward.rate-limits.login.limits[1].algorithm=sliding-window
 * steward.rate-limits.login.limits[1].limit=20
 * steward.rate-limits.login.limits[1].period=1h
 * </pre>
 *
 * @param rateLimits the limiters by name; the name is also the limiter's namespace in Redis keys
 */
@ConfigurationProperties("steward")
public record StewardRateLimitProperties(Map<String, Limiter> rateLimits) {

    public StewardRateLimitProperties {
        rateLimits = rateLimits == null ? Map.of() : Map.copyOf(rateLimits);
    }

    /**
     * One limiter.
     *
     * @param limits    one to 16 limits, checked and consumed together
     * @param failOpen  {@code true} lets requests through while Redis is unavailable (the default,
     *                  {@code false}, fails closed: the caller gets a connection exception)
     * @param keyPrefix the start of the limiter's keys (default {@code rl:}); no braces
     */
    public record Limiter(List<Limit> limits, Boolean failOpen, String keyPrefix) {

        public Limiter {
            limits = limits == null ? List.of() : List.copyOf(limits);
        }
    }

    /**
     * One limit of a limiter.
     *
     * @param name      the limit's name in its Redis key; unset: its index in {@code limits} ("0", "1", ...),
     *                  so reordering the list without names moves the state
     * @param algorithm {@code gcra} (the default: evenly spaced, {@code burst} back to back) or
     *                  {@code sliding-window} (exact: at most {@code limit} in any window)
     * @param limit     permits per period (required)
     * @param period    the period or window (required), 1 ms to 3660 days
     * @param burst     GCRA only: permits allowed back to back (default 1)
     */
    public record Limit(String name, Algorithm algorithm, Long limit, Duration period, Long burst) {}

    /** The algorithm of one limit. */
    public enum Algorithm {
        GCRA,
        SLIDING_WINDOW
    }
}

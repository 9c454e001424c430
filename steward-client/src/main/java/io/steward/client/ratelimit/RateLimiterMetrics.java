package io.steward.client.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.steward.client.internal.Meters;
import java.util.Objects;

/**
 * Publishes a limiter's {@link RateLimiterStats} to Micrometer, tagged {@code name=<namespace>}:
 * {@code steward.ratelimit.decisions} with {@code result=allowed|denied}, and
 * {@code steward.ratelimit.failures} (Redis unavailable, whether thrown or answered open). Micrometer
 * is an optional dependency: only applications that bind metrics need it.
 */
public final class RateLimiterMetrics implements MeterBinder {

    private final RateLimiter limiter;
    private final Tags tags;

    public RateLimiterMetrics(RateLimiter limiter) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.tags = Tags.of(Meters.NAME_TAG, limiter.namespace());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Meters.counter(
                registry,
                "steward.ratelimit.decisions",
                tags.and("result", "allowed"),
                limiter,
                RateLimiter::stats,
                RateLimiterStats::allowed);
        Meters.counter(
                registry,
                "steward.ratelimit.decisions",
                tags.and("result", "denied"),
                limiter,
                RateLimiter::stats,
                RateLimiterStats::denied);
        Meters.counter(
                registry, "steward.ratelimit.failures", tags, limiter, RateLimiter::stats, RateLimiterStats::failures);
    }
}

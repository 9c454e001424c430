package io.steward.client.ratelimit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Publishes a limiter's {@link RateLimiterStats} to Micrometer, tagged {@code limiter=<namespace>}:
 * {@code steward.ratelimit.decisions} with {@code result=allowed|denied}, and
 * {@code steward.ratelimit.failures} (Redis unavailable, whether thrown or answered open). Micrometer
 * is an optional dependency: only applications that bind metrics need it.
 */
public final class RateLimiterMetrics implements MeterBinder {

    private final RateLimiter limiter;
    private final Tags tags;

    public RateLimiterMetrics(RateLimiter limiter) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.tags = Tags.of("limiter", limiter.namespace());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "steward.ratelimit.decisions", Tags.of("result", "allowed"), RateLimiterStats::allowed);
        counter(registry, "steward.ratelimit.decisions", Tags.of("result", "denied"), RateLimiterStats::denied);
        counter(registry, "steward.ratelimit.failures", Tags.empty(), RateLimiterStats::failures);
    }

    private void counter(MeterRegistry registry, String name, Tags extra, ToDoubleFunction<RateLimiterStats> f) {
        FunctionCounter.builder(name, limiter, l -> f.applyAsDouble(l.stats()))
                .tags(tags.and(extra))
                .register(registry);
    }
}

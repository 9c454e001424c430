package io.steward.client.cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Publishes a cache's {@link CacheStats} to Micrometer: {@code steward.cache.gets} by level and
 * result, {@code steward.cache.loads}, {@code steward.cache.redis} (calls and time),
 * {@code steward.cache.circuit.state} (0 closed, 1 half-open, 2 open), skipped writes, corrupt
 * values, invalidations, their lag ({@code steward.cache.invalidation.lag}) and near-cache flushes. Micrometer is an optional dependency: only
 * applications that bind metrics need it.
 */
public final class CacheMetrics implements MeterBinder {

    private final StewardCache cache;
    private final Tags tags;

    public CacheMetrics(StewardCache cache, String name) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.tags = Tags.of("cache", Objects.requireNonNull(name, "name"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "steward.cache.gets", "level", "near", "result", "hit", CacheStats::nearHits);
        counter(registry, "steward.cache.gets", "level", "near", "result", "miss", CacheStats::nearMisses);
        counter(registry, "steward.cache.gets", "level", "redis", "result", "hit", CacheStats::redisHits);
        counter(registry, "steward.cache.gets", "level", "redis", "result", "miss", CacheStats::redisMisses);
        timer(
                registry,
                "steward.cache.loads",
                CacheStats::loads,
                CacheStats::loadNanos,
                TimeUnit.NANOSECONDS,
                "loader calls");
        counter(registry, "steward.cache.load.failures", CacheStats::loadFailures);
        timer(
                registry,
                "steward.cache.redis",
                CacheStats::redisCalls,
                CacheStats::redisNanos,
                TimeUnit.NANOSECONDS,
                "calls to Redis and the time waited for them");
        counter(registry, "steward.cache.redis.failures", CacheStats::redisFailures);
        counter(registry, "steward.cache.redis.not.permitted", CacheStats::notPermitted);
        counter(registry, "steward.cache.writes.skipped", CacheStats::skippedWrites);
        counter(registry, "steward.cache.writes.replayed", CacheStats::replayedWrites);
        counter(registry, "steward.cache.corrupt.values", CacheStats::corruptValues);
        counter(registry, "steward.cache.invalidations", CacheStats::invalidations);
        counter(registry, "steward.cache.near.flushes", CacheStats::nearFlushes);
        counter(registry, "steward.cache.refreshes", CacheStats::refreshes);
        timer(
                registry,
                "steward.cache.invalidation.lag",
                CacheStats::lagSamples,
                CacheStats::lagMillis,
                TimeUnit.MILLISECONDS,
                "from another instance's write to this instance's invalidation, by lag probes");
        Gauge.builder("steward.cache.circuit.state", cache, c -> switch (c.stats()
                        .circuitState()) {
                    case "OPEN", "FORCED_OPEN" -> 2;
                    case "HALF_OPEN" -> 1;
                    default -> 0;
                })
                .tags(tags)
                .description("0 closed, 1 half-open (probing), 2 open")
                .register(registry);
    }

    private void timer(
            MeterRegistry registry,
            String name,
            ToLongFunction<CacheStats> count,
            ToDoubleFunction<CacheStats> total,
            TimeUnit unit,
            String description) {
        FunctionTimer.builder(name, cache, c -> count.applyAsLong(c.stats()), c -> total.applyAsDouble(c.stats()), unit)
                .tags(tags)
                .description(description)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, ToDoubleFunction<CacheStats> f) {
        FunctionCounter.builder(name, cache, c -> f.applyAsDouble(c.stats()))
                .tags(tags)
                .register(registry);
    }

    private void counter(
            MeterRegistry registry,
            String name,
            String k1,
            String v1,
            String k2,
            String v2,
            ToDoubleFunction<CacheStats> f) {
        FunctionCounter.builder(name, cache, c -> f.applyAsDouble(c.stats()))
                .tags(tags.and(k1, v1, k2, v2))
                .register(registry);
    }
}

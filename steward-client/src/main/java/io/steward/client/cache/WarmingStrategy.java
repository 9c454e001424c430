package io.steward.client.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One way to fill a region ahead of traffic: a generator of entries, written to Redis in
 * pipelined batches. Run by {@link StewardCache#warm}, highest {@link #priority} first.
 *
 * @param name                 how reports name it
 * @param region               where the entries go (a tenant view for per-tenant regions)
 * @param priority             higher runs earlier
 * @param batchSize            entries written per round trip
 * @param delayBetweenBatches  pause between batches, to spare a busy Redis
 * @param ttl                  the entries' TTL; empty for the region's
 * @param tags                 tags every entry is stored under
 * @param generator            called once per run; the stream is consumed lazily and closed
 */
public record WarmingStrategy<V>(
        String name,
        Region<V> region,
        int priority,
        int batchSize,
        Duration delayBetweenBatches,
        Optional<Duration> ttl,
        List<String> tags,
        Supplier<Stream<Map.Entry<String, V>>> generator) {

    public static final int DEFAULT_BATCH_SIZE = 500;

    public WarmingStrategy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(delayBetweenBatches, "delayBetweenBatches");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(generator, "generator");
        tags = List.copyOf(tags);
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "warming strategy '" + name + "': batchSize must be >= 1, was " + batchSize);
        }
        if (delayBetweenBatches.isNegative()) {
            throw new IllegalArgumentException(
                    "warming strategy '" + name + "': delayBetweenBatches must not be negative");
        }
        ttl.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("warming strategy '" + name + "': ttl must be positive, was " + t);
            }
        });
    }

    /** Priority 0, batches of {@value #DEFAULT_BATCH_SIZE} without pause, the region's TTL, no tags. */
    public static <V> WarmingStrategy<V> of(
            String name, Region<V> region, Supplier<Stream<Map.Entry<String, V>>> generator) {
        return new WarmingStrategy<>(
                name, region, 0, DEFAULT_BATCH_SIZE, Duration.ZERO, Optional.empty(), List.of(), generator);
    }

    public WarmingStrategy<V> withPriority(int priority) {
        return new WarmingStrategy<>(name, region, priority, batchSize, delayBetweenBatches, ttl, tags, generator);
    }

    public WarmingStrategy<V> withBatches(int size, Duration delay) {
        return new WarmingStrategy<>(name, region, priority, size, delay, ttl, tags, generator);
    }

    public WarmingStrategy<V> withTtl(Duration ttl) {
        return new WarmingStrategy<>(
                name, region, priority, batchSize, delayBetweenBatches, Optional.of(ttl), tags, generator);
    }

    public WarmingStrategy<V> withTags(String... tags) {
        return new WarmingStrategy<>(
                name, region, priority, batchSize, delayBetweenBatches, ttl, List.of(tags), generator);
    }
}

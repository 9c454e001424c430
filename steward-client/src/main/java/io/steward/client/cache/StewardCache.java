package io.steward.client.cache;

import io.steward.client.StewardClient;
import io.steward.client.cache.internal.CacheEngine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application cache: regions of near cache (Caffeine) + Redis + loader, with invalidation
 * across instances, a circuit breaker around Redis, tags, tenants and warming. See the package
 * documentation for what it guarantees.
 *
 * <pre>{@code
 * StewardCache cache = StewardCache.create(client);
 * Region<Product> products = cache.region(RegionOptions.builder("products", ValueCodec.json(Product.class))
 *         .ttl(Duration.ofMinutes(30)).build());
 * Product p = products.get("42", List.of("catalog"), id -> repository.find(id));
 * products.invalidateTag("catalog");
 * }</pre>
 *
 * <p>Thread-safe; create one per application and close it on shutdown (before the client).
 */
public final class StewardCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StewardCache.class);

    private final CacheEngine engine;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "steward-cache-scheduler");
        t.setDaemon(true);
        return t;
    });

    private StewardCache(CacheEngine engine, Duration lagProbeInterval) {
        this.engine = engine;
        if (!lagProbeInterval.isZero()) {
            long millis = lagProbeInterval.toMillis();
            scheduler.scheduleWithFixedDelay(engine::writeLagProbe, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** A cache with {@link CacheOptions#defaults()}. */
    public static StewardCache create(StewardClient client) {
        return create(client, CacheOptions.defaults());
    }

    /**
     * Opens the cache's own connection through {@code client} (in Sentinel mode it follows
     * failovers; in Cluster mode tracking is enabled on every master).
     *
     * @throws io.steward.StewardException when Redis cannot be reached or refuses the credentials
     */
    public static StewardCache create(StewardClient client, CacheOptions options) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(options, "options");
        return new StewardCache(CacheEngine.connect(client, options), options.lagProbeInterval());
    }

    /**
     * A new region.
     *
     * @throws IllegalArgumentException when a region of that namespace exists already
     * @throws IllegalStateException    once closed
     */
    public <V> Region<V> region(RegionOptions<V> options) {
        return engine.region(Objects.requireNonNull(options, "options"));
    }

    /** {@link CacheHealth#DEGRADED} while the circuit around Redis is open or probing. */
    public CacheHealth health() {
        return engine.health();
    }

    /** Counts since creation. */
    public CacheStats stats() {
        return engine.stats();
    }

    /** Runs the strategies now (at start-up, or on demand), highest priority first. */
    public WarmingReport warm(List<WarmingStrategy<?>> strategies) {
        return engine.warm(List.copyOf(strategies));
    }

    /**
     * Runs the strategies every {@code every}, the first time after {@code initialDelay}; each
     * report goes to {@code reports}. Closing the returned handle (or the cache) stops it.
     */
    public AutoCloseable scheduleWarming(
            List<WarmingStrategy<?>> strategies,
            Duration initialDelay,
            Duration every,
            Consumer<WarmingReport> reports) {
        List<WarmingStrategy<?>> copy = List.copyOf(strategies);
        Objects.requireNonNull(reports, "reports");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("every must be positive, was " + every);
        }
        var future = scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        reports.accept(engine.warm(copy));
                    } catch (RuntimeException e) {
                        log.warn("Scheduled cache warming failed: {}", e.toString());
                    }
                },
                initialDelay.toNanos(),
                every.toNanos(),
                TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** Stops warming schedules and closes the cache's connection. Idempotent. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        engine.close();
    }
}

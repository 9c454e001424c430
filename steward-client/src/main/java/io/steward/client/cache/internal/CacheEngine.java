package io.steward.client.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.push.RedisClusterPushListener;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.steward.client.MasterConnection;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.client.cache.CacheHealth;
import io.steward.client.cache.CacheOptions;
import io.steward.client.cache.CacheStats;
import io.steward.client.cache.Region;
import io.steward.client.cache.RegionOptions;
import io.steward.client.cache.WarmingReport;
import io.steward.client.cache.WarmingStrategy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * What all regions of one cache share: the Redis connection (following failovers, or the
 * cluster), client tracking, tag generations, loads in flight, counters and a small background
 * pool for refreshes and replays. {@link io.steward.client.cache.StewardCache} is its public face.
 */
public final class CacheEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheEngine.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final int TAG_GENERATIONS_KEPT = 100_000;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** How long a probe outlives its instance's last write. */
    private static final long PROBE_TTL_MILLIS = 60_000;

    private final Clock clock;
    private final NearClock nearClock;
    private final Counters counters = new Counters();
    private final Cache<String, Long> tagGenerations =
            Caffeine.newBuilder().maximumSize(TAG_GENERATIONS_KEPT).build();
    private final Invalidations invalidations = new Invalidations(tagGenerations, counters, this::readLagProbe);
    private final Map<String, CompletableFuture<Object>> loads = new ConcurrentHashMap<>();
    private final Map<String, TieredRegion<?>> regions = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor background;
    private final String instance;
    private final AtomicLong leases = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RedisAccess redis;
    private final AutoCloseable connection;
    private final Runnable retrack;
    private final Disposable events;

    private CacheEngine(StewardClient client, CacheOptions options) {
        this.clock = options.clock();
        this.background = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), r -> {
            Thread t = new Thread(r, "steward-cache-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        this.instance = HexFormat.of().formatHex(id);
        Runnable afterRecovery = () -> invalidations.flushAll("Redis is back after the circuit was open");
        if (client.options().mode() == Mode.CLUSTER) {
            StatefulRedisClusterConnection<String, byte[]> cluster = client.connectCluster(CODEC);
            cluster.addListener(
                    (RedisClusterPushListener) (RedisClusterNode node, io.lettuce.core.api.push.PushMessage m) ->
                            invalidations.pushListener().accept(m));
            this.connection = cluster;
            this.redis = RedisAccess.over(cluster.async(), options, counters, background, afterRecovery);
            this.retrack = () -> trackClusterMasters(cluster);
            retrack.run();
            // a node connection that reconnects or a topology change may have lost tracking
            this.events = client.events()
                    .filter(e -> e instanceof ConnectionActivatedEvent
                            || e instanceof ConnectionDeactivatedEvent
                            || e instanceof ClusterTopologyChangedEvent)
                    .subscribe(e -> {
                        invalidations.flushAll(e.toString());
                        if (!(e instanceof ConnectionDeactivatedEvent)) {
                            background.execute(this::retrackQuietly);
                        }
                    });
        } else {
            MasterConnection<String, byte[]> master = client.connectMaster(CODEC, invalidations);
            this.connection = master;
            this.redis = RedisAccess.over(master.async(), options, counters, background, afterRecovery);
            this.retrack = () -> {};
            this.events = null;
        }
        this.nearClock = new NearClock(clock, "steward-cache-clock-" + THREADS.incrementAndGet());
    }

    /**
     * Opens the cache's own connection through {@code client}.
     *
     * @throws io.steward.StewardException as {@link StewardClient#connectMaster} when Redis cannot be reached
     */
    public static CacheEngine connect(StewardClient client, CacheOptions options) {
        return new CacheEngine(client, options);
    }

    /** @throws IllegalArgumentException when a region of that namespace exists already */
    public <V> Region<V> region(RegionOptions<V> options) {
        ensureOpen();
        TieredRegion<V> region = new TieredRegion<>(options, nearClock);
        if (regions.putIfAbsent(options.namespace(), region) != null) {
            throw new IllegalArgumentException(
                    "a region named '" + options.namespace() + "' exists already in this cache");
        }
        invalidations.register(region);
        retrack.run();
        return new RegionView<>(this, region, null);
    }

    public CacheHealth health() {
        if (closed.get()) {
            return CacheHealth.DOWN;
        }
        return switch (redis.state()) {
            case CLOSED, DISABLED, METRICS_ONLY -> CacheHealth.UP;
            default -> CacheHealth.DEGRADED;
        };
    }

    public CacheStats stats() {
        return counters.snapshot(redis.state().name());
    }

    /** Runs the strategies, highest priority first; a failing strategy does not stop the others. */
    public WarmingReport warm(List<WarmingStrategy<?>> strategies) {
        ensureOpen();
        List<WarmingStrategy<?>> ordered = new ArrayList<>(strategies);
        ordered.sort(
                Comparator.comparingInt((WarmingStrategy<?> s) -> s.priority()).reversed());
        List<WarmingReport.Result> results = new ArrayList<>();
        for (WarmingStrategy<?> strategy : ordered) {
            results.add(warmOne(strategy));
        }
        return new WarmingReport(results);
    }

    private <V> WarmingReport.Result warmOne(WarmingStrategy<V> strategy) {
        if (!(strategy.region() instanceof RegionView<V> view)) {
            throw new IllegalArgumentException(
                    "warming strategy '" + strategy.name() + "': its region is not from a StewardCache");
        }
        long start = System.nanoTime();
        long warmed = 0;
        long failed = 0;
        String error = null;
        long ttl = strategy.ttl().orElse(view.ttl()).toMillis();
        try {
            Map<String, V> batch = new LinkedHashMap<>();
            var entries = strategy.generator().get().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, V> e = entries.next();
                batch.put(e.getKey(), e.getValue());
                if (batch.size() == strategy.batchSize() || !entries.hasNext()) {
                    int notStored = warmBatch(view, batch, ttl, strategy.tags());
                    warmed += batch.size() - notStored;
                    failed += notStored;
                    batch.clear();
                    if (entries.hasNext() && !strategy.delayBetweenBatches().isZero()) {
                        TimeUnit.NANOSECONDS.sleep(
                                strategy.delayBetweenBatches().toNanos());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (RuntimeException e) {
            error = e.toString();
            log.warn("Warming strategy '{}' stopped: {}", strategy.name(), e.toString());
        }
        return new WarmingReport.Result(
                strategy.name(),
                strategy.priority(),
                warmed,
                failed,
                Duration.ofNanos(System.nanoTime() - start),
                error);
    }

    private static <V> int warmBatch(RegionView<V> view, Map<String, V> batch, long ttl, List<String> tags) {
        try {
            return view.warm(batch, ttl, tags);
        } catch (RedisUnavailableException e) {
            return batch.size();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (events != null) {
            events.dispose();
        }
        background.shutdownNow();
        nearClock.close();
        try {
            connection.close();
        } catch (Exception e) {
            log.warn("Closing the cache connection failed: {}", e.toString());
        }
        regions.values().forEach(TieredRegion::dropAllNear);
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the cache is closed");
        }
    }

    RedisAccess redis() {
        return redis;
    }

    Invalidations invalidations() {
        return invalidations;
    }

    Counters counters() {
        return counters;
    }

    /**
     * Writes this instance's lag probe: a key under {@link Invalidations#PROBE_PREFIX} holding the time now. The other
     * instances' tracking reports the write; each then reads the time back and counts the difference as a lag sample.
     * Best effort: a failure is dropped and the circuit breaker does not see it.
     */
    public void writeLagProbe() {
        if (closed.get()) {
            return;
        }
        try {
            byte[] now = Long.toString(clock.millis()).getBytes(StandardCharsets.US_ASCII);
            redis.setQuietly(Invalidations.PROBE_PREFIX + instance, now, PROBE_TTL_MILLIS);
        } catch (RuntimeException e) {
            log.debug("Lag probe not written: {}", e.toString());
        }
    }

    /** Runs on a Netty thread when another instance's probe changed: reads its time, without blocking. */
    private void readLagProbe(String key) {
        long received = clock.millis();
        RedisAccess access = redis; // null while the constructor is still connecting
        if (access == null || closed.get()) {
            return;
        }
        access.getQuietly(key).thenAccept(bytes -> {
            if (bytes == null) {
                return; // expired: its instance has stopped writing probes
            }
            try {
                long lag = received - Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
                if (lag >= 0) { // a probe written again since, or a clock behind ours, says nothing
                    counters.lagSamples.increment();
                    counters.lagMillis.add(lag);
                }
            } catch (NumberFormatException e) {
                log.debug("Lag probe {} holds no time", key);
            }
        });
    }

    /** The time near-cache hits are judged by; see {@link NearClock}. */
    NearClock nearClock() {
        return nearClock;
    }

    Clock clock() {
        return clock;
    }

    Map<String, CompletableFuture<Object>> loads() {
        return loads;
    }

    ThreadPoolExecutor background() {
        return background;
    }

    /** A value no other lease holder has: this instance's id and a counter. */
    byte[] leaseToken() {
        return (instance + ":" + leases.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
    }

    /** The tag's current generation: known locally (kept current by tracking), else asked of Redis. */
    long tagGeneration(String tagKey) {
        Long known = tagGenerations.getIfPresent(tagKey);
        if (known != null) {
            return known;
        }
        long seen = invalidations.sequence();
        long generation = redis.counter(tagKey);
        keepTagGeneration(tagKey, generation, seen);
        return generation;
    }

    void keepTagGeneration(String tagKey, long generation, long seen) {
        tagGenerations.put(tagKey, generation);
        if (invalidations.sequence() != seen) {
            tagGenerations.invalidate(tagKey);
        }
    }

    private void trackClusterMasters(StatefulRedisClusterConnection<String, byte[]> cluster) {
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                invalidations.trackAll(cluster.getConnection(node.getNodeId()));
            }
        }
    }

    private void retrackQuietly() {
        try {
            retrack.run();
        } catch (RuntimeException e) {
            log.warn(
                    "Re-enabling client tracking on the cluster failed; near caches stay empty until it works: {}",
                    e.toString());
        }
    }
}

package io.steward.client.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import io.steward.client.MasterConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps near caches honest with Redis client tracking in broadcast mode: each region's prefix is
 * tracked ({@code CLIENT TRACKING ON BCAST PREFIX ns: NOLOOP}) on the connection the cache writes
 * through, so Redis pushes the name of every key anyone else changes, expires or evicts under it,
 * on the same connection and in order with the replies.
 *
 * <p>Whenever messages may have been missed (connection lost or replaced, the server flushed its
 * table) every near cache is dropped. {@link #sequence()} moves on every invalidation, so a reader
 * can tell that one arrived while it was fetching a value and not keep that value.
 *
 * <p>Keys under {@link #PROBE_PREFIX} are other instances' lag probes: they go to the probe handler
 * and are neither counted as invalidations nor move the sequence.
 */
final class Invalidations implements MasterConnection.Listener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(Invalidations.class);

    /** Where instances write their lag probes; no region's keys start so ('!' is not allowed in names). */
    static final String PROBE_PREFIX = "steward!probe:";

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, TieredRegion<?>> regions = new ConcurrentHashMap<>();
    private final List<String> prefixes = new CopyOnWriteArrayList<>(List.of(PROBE_PREFIX));
    private final Cache<String, Long> tagGenerations;
    private final Counters counters;
    private final Consumer<String> probes;
    private StatefulRedisConnection<String, byte[]> current;

    /** @param probes called, on a Netty thread, with the key of each lag probe another instance wrote */
    Invalidations(Cache<String, Long> tagGenerations, Counters counters, Consumer<String> probes) {
        this.tagGenerations = tagGenerations;
        this.counters = counters;
        this.probes = probes;
    }

    /** Moves whenever an invalidation or a flush happens. */
    long sequence() {
        return sequence.get();
    }

    /** Tracks the region's keys (when it has a near cache) and its tag generations. */
    synchronized void register(TieredRegion<?> region) {
        regions.put(region.namespace(), region);
        List<String> added = region.hasNearCache()
                ? List.of(region.namespace() + ":", TieredRegion.tagPrefix(region.namespace()))
                : List.of(TieredRegion.tagPrefix(region.namespace()));
        prefixes.addAll(added);
        if (current != null) {
            added.forEach(p -> track(current, p));
        }
    }

    @Override
    public void connected(StatefulRedisConnection<String, byte[]> connection) {
        synchronized (this) {
            connection.addListener(this::onPush);
            prefixes.forEach(p -> track(connection, p));
            current = connection;
        }
        flushAll("connected to " + connection);
    }

    @Override
    public void lost() {
        flushAll("connection to Redis lost or replaced");
    }

    /** Enables tracking of {@code prefix} on a node connection (Cluster: one per master). */
    void trackAll(StatefulRedisConnection<String, byte[]> connection) {
        prefixes.forEach(p -> track(connection, p));
    }

    /** The listener for a connection's pushed messages. */
    Consumer<PushMessage> pushListener() {
        return this::onPush;
    }

    private static void track(StatefulRedisConnection<String, byte[]> connection, String prefix) {
        try {
            connection
                    .sync()
                    .clientTracking(TrackingArgs.Builder.enabled()
                            .bcast()
                            .prefixes(prefix)
                            .noloop());
        } catch (RedisCommandExecutionException e) {
            // already tracked on this connection (a re-run after a topology event)
            if (e.getMessage() == null || !e.getMessage().contains("overlaps")) {
                throw e;
            }
        }
    }

    private void onPush(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (!(keys instanceof List<?> list)) {
            flushAll("Redis flushed its tracking table");
            return;
        }
        for (Object item : list) {
            String key = String.valueOf(item);
            if (key.startsWith(PROBE_PREFIX)) {
                probes.accept(key);
                continue;
            }
            sequence.incrementAndGet();
            counters.invalidations.increment();
            dispatch(key);
        }
    }

    private void dispatch(String key) {
        int end = 0;
        while (end < key.length() && key.charAt(end) != ':' && key.charAt(end) != '!') {
            end++;
        }
        if (end == key.length()) {
            return;
        }
        TieredRegion<?> region = regions.get(key.substring(0, end));
        if (region == null) {
            return;
        }
        if (key.charAt(end) == ':') {
            region.dropNear(key.substring(end + 1));
        } else {
            tagGenerations.invalidate(key);
        }
    }

    void flushAll(String why) {
        sequence.incrementAndGet();
        regions.values().forEach(TieredRegion::dropAllNear);
        tagGenerations.invalidateAll();
        counters.nearFlushes.increment();
        log.debug("Near caches dropped: {}", why);
    }
}

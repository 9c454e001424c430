package io.steward.ops.backup;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Sends {@code RESTORE key ttl payload REPLACE ABSTTL} in a pipeline: at most {@link #WINDOW}
 * are in flight, and into a node they are flushed in batches, so a million keys cost a few
 * thousand round trips. Into a node, one connection per database (each {@code SELECT}ed once); into a cluster, one
 * cluster connection that routes each key to its slot's master.
 */
final class RestoreWriter implements AutoCloseable {

    static final int WINDOW = 4096;
    static final int FLUSH_EVERY = 512;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    private final IntFunction<RedisKeyAsyncCommands<byte[], byte[]>> commandsForDb;
    private final Runnable flush;
    private final AutoCloseable resources;
    private final String target;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private long sinceFlush;

    private RestoreWriter(
            IntFunction<RedisKeyAsyncCommands<byte[], byte[]>> commandsForDb,
            Runnable flush,
            AutoCloseable resources,
            String target) {
        this.commandsForDb = commandsForDb;
        this.flush = flush;
        this.resources = resources;
        this.target = target;
    }

    static RestoreWriter toNode(StewardClient client, HostAndPort node) {
        Map<Integer, StatefulRedisConnection<byte[], byte[]>> byDb = new HashMap<>();
        IntFunction<RedisKeyAsyncCommands<byte[], byte[]>> commands = db -> byDb.computeIfAbsent(db, d -> {
                    StatefulRedisConnection<byte[], byte[]> c = client.connectNode(node, ByteArrayCodec.INSTANCE);
                    c.sync().select(d);
                    c.setAutoFlushCommands(false);
                    return c;
                })
                .async();
        return new RestoreWriter(
                commands,
                () -> byDb.values().forEach(StatefulRedisConnection::flushCommands),
                () -> byDb.values().forEach(StatefulRedisConnection::close),
                node.toString());
    }

    static RestoreWriter toCluster(StewardClient client) {
        // Auto-flush stays on: with it off, commands for a node connection that Lettuce opens
        // after the last flush are never sent (seen as RESTORE timeouts).
        StatefulRedisClusterConnection<byte[], byte[]> cluster = client.connectCluster(ByteArrayCodec.INSTANCE);
        IntFunction<RedisKeyAsyncCommands<byte[], byte[]>> commands = db -> {
            if (db != 0) {
                throw new StewardException(
                        "the backup has keys in database " + db + ", but a cluster has only database 0;"
                                + " restore it into a standalone node with --target HOST:PORT");
            }
            return cluster.async();
        };
        return new RestoreWriter(commands, () -> {}, cluster::close, "cluster");
    }

    String target() {
        return target;
    }

    /**
     * Queues one key; {@code expireAtMillis} is absolute, or 0 for no expiry.
     *
     * @throws StewardException when an earlier RESTORE failed (the first failure is the cause)
     */
    void restore(int db, byte[] key, long expireAtMillis, byte[] dumpPayload) throws InterruptedException {
        failIfErrored();
        window.acquire();
        RedisFuture<String> reply = commandsForDb
                .apply(db)
                .restore(
                        key,
                        dumpPayload,
                        RestoreArgs.Builder.ttl(expireAtMillis).absttl().replace());
        reply.whenComplete((ok, error) -> {
            if (error != null) {
                firstError.compareAndSet(null, error);
            } else {
                acknowledged.incrementAndGet();
            }
            window.release();
        });
        if (++sinceFlush >= FLUSH_EVERY) {
            flush.run();
            sinceFlush = 0;
        }
    }

    /** Sends what is queued and waits for every reply; returns the keys acknowledged. */
    long finish() throws InterruptedException {
        flush.run();
        if (!window.tryAcquire(WINDOW, DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new StewardException(target + " did not answer " + (WINDOW - window.availablePermits())
                    + " RESTORE commands within " + DRAIN_TIMEOUT.toMinutes() + " min");
        }
        window.release(WINDOW);
        failIfErrored();
        return acknowledged.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    private void failIfErrored() {
        Throwable error = firstError.get();
        if (error != null) {
            throw new StewardException("RESTORE failed on " + target + ": " + error.getMessage(), error);
        }
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new StewardException(
                    "closing the restore connections to " + target + " failed: " + e.getMessage(), e);
        }
    }
}

package io.steward.backup;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * {@link RestoreWriter} into a cluster: one Lettuce cluster connection routes each key to its
 * slot's master, with at most {@link #WINDOW} commands in flight.
 */
final class ClusterRestoreWriter implements RestoreWriter {

    static final int WINDOW = 4096;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    private final IntFunction<RedisKeyAsyncCommands<byte[], byte[]>> commandsForDb;
    private final AutoCloseable resources;
    private final String target;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();

    private ClusterRestoreWriter(
            IntFunction<RedisKeyAsyncCommands<byte[], byte[]>> commandsForDb, AutoCloseable resources, String target) {
        this.commandsForDb = commandsForDb;
        this.resources = resources;
        this.target = target;
    }

    static ClusterRestoreWriter open(StewardClient client) {
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
        return new ClusterRestoreWriter(commands, cluster::close, "cluster");
    }

    @Override
    public String target() {
        return target;
    }

    /**
     * Queues one key; {@code expireAtMillis} is absolute, or 0 for no expiry.
     *
     * @throws StewardException when an earlier RESTORE failed (the first failure is the cause)
     */
    @Override
    public void restore(int db, byte[] key, long expireAtMillis, byte[] dumpPayload) throws InterruptedException {
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
    }

    /** Sends what is queued and waits for every reply; returns the keys acknowledged. */
    @Override
    public long finish() throws InterruptedException {
        if (!window.tryAcquire(WINDOW, DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new StewardException(target + " did not answer " + (WINDOW - window.availablePermits())
                    + " RESTORE commands within " + DRAIN_TIMEOUT.toMinutes() + " min");
        }
        window.release(WINDOW);
        failIfErrored();
        return acknowledged.get();
    }

    @Override
    public long acknowledged() {
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

package io.steward.backup;

import io.lettuce.core.FunctionRestoreMode;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.steward.StewardException;
import io.steward.backup.rdb.DumpPayload;
import io.steward.backup.rdb.RdbEntry;
import io.steward.backup.rdb.RdbValueSource;
import io.steward.client.StewardClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * {@link RestoreWriter} into a cluster: one Lettuce cluster connection routes each key to its
 * slot's master, with at most {@link #WINDOW} commands in flight; function libraries go to every
 * master.
 */
final class ClusterRestoreWriter implements RestoreWriter {

    static final int WINDOW = 4096;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration FUNCTIONS_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final IntFunction<RedisKeyAsyncCommands<byte[], byte[]>> commandsForDb;
    private final Function<byte[], Map<String, CompletionStage<String>>> functionRestoreOnMasters;
    private final AutoCloseable resources;
    private final String target;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();

    private ClusterRestoreWriter(
            IntFunction<RedisKeyAsyncCommands<byte[], byte[]>> commandsForDb,
            Function<byte[], Map<String, CompletionStage<String>>> functionRestoreOnMasters,
            AutoCloseable resources,
            String target) {
        this.commandsForDb = commandsForDb;
        this.functionRestoreOnMasters = functionRestoreOnMasters;
        this.resources = resources;
        this.target = target;
    }

    static ClusterRestoreWriter open(StewardClient client) {
        // Auto-flush stays on: with it off, commands for a node connection that Lettuce opens
        // after the last flush are never sent (seen as RESTORE timeouts).
        StatefulRedisClusterConnection<byte[], byte[]> cluster = client.connectCluster(ByteArrayCodec.INSTANCE);
        IntFunction<RedisKeyAsyncCommands<byte[], byte[]>> commands = db -> {
            if (db != 0) {
                throw new StewardException(databaseRefusal(db));
            }
            return cluster.async();
        };
        Function<byte[], Map<String, CompletionStage<String>>> functions = payload -> {
            Map<String, CompletionStage<String>> replies = new LinkedHashMap<>();
            for (RedisClusterNode node : cluster.getPartitions()) {
                if (node.getRole().isUpstream()) {
                    replies.put(
                            node.getUri().getHost() + ":" + node.getUri().getPort(),
                            cluster.getConnection(node.getNodeId())
                                    .async()
                                    .functionRestore(payload, FunctionRestoreMode.REPLACE));
                }
            }
            return replies;
        };
        return new ClusterRestoreWriter(commands, functions, cluster::close, "cluster");
    }

    /** A cluster has database 0 only. */
    @Override
    public void checkDatabases(Set<Integer> dbs) {
        dbs.stream().filter(db -> db != 0).findFirst().ifPresent(db -> {
            throw new RestoreRefusedException(databaseRefusal(db));
        });
    }

    static String databaseRefusal(int db) {
        return "the backup has keys in database " + db + ", but a cluster has only database 0;"
                + " restore it into a standalone node with --target HOST:PORT";
    }

    /** {@code FUNCTION RESTORE ... REPLACE} on every master; the failures name their nodes. */
    @Override
    public void restoreFunctions(byte[] payload) throws InterruptedException {
        List<String> loaded = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, CompletionStage<String>> master :
                functionRestoreOnMasters.apply(payload).entrySet()) {
            String name = master.getKey();
            CompletableFuture<String> reply = master.getValue().toCompletableFuture();
            try {
                reply.get(FUNCTIONS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                loaded.add(name);
            } catch (ExecutionException e) {
                failed.add(name + " (" + e.getCause().getMessage() + ")");
            } catch (TimeoutException e) {
                failed.add(name + " (no reply within " + FUNCTIONS_TIMEOUT.toSeconds() + " s)");
            }
        }
        if (!failed.isEmpty()) {
            throw new StewardException("FUNCTION RESTORE of the backup's function libraries failed on " + failed
                    + (loaded.isEmpty()
                            ? ""
                            : "; they were loaded on " + loaded + " (loading them again replaces them)"));
        }
    }

    @Override
    public String target() {
        return target;
    }

    /**
     * Queues one key.
     *
     * @throws StewardException when an earlier RESTORE failed (the first failure is the cause)
     */
    @Override
    public void restore(RdbEntry entry, RdbValueSource value, int rdbVersion) throws InterruptedException {
        failIfErrored();
        RestoreArgs args = RestoreArgs.Builder.ttl(Math.max(entry.expireAtMillis(), 0))
                .absttl()
                .replace();
        if (entry.lfuFrequency() >= 0) {
            args.frequency(entry.lfuFrequency());
        } else if (entry.idleSeconds() >= 0) {
            args.idleTime(entry.idleSeconds());
        }
        byte[] payload = DumpPayload.of(value.encodedValue(), rdbVersion);
        RedisKeyAsyncCommands<byte[], byte[]> commands = commandsForDb.apply(entry.db());
        window.acquire();
        RedisFuture<String> reply = commands.restore(entry.key(), payload, args);
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

    /** Every command in flight holds a permit of the window: all back means all answered. */
    @Override
    public boolean settle() throws InterruptedException {
        if (!window.tryAcquire(WINDOW, SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            return false;
        }
        window.release(WINDOW);
        return true;
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

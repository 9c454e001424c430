package io.steward.client.lock;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.MasterConnection;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.client.internal.LuaScript;
import io.steward.client.internal.RedisErrorMapper;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The three lock scripts and how they reach Redis: one {@code EVALSHA} each, through a connection of
 * the lock service's own. Commands on one connection run in the order sent, so a release sent
 * without waiting is followed by the next local acquisition in the same pipeline; renewals are
 * asynchronous, so the one renewal thread never blocks on the network. In WAIT mode acquisitions
 * and renewals go to the master's physical connection of that dedicated link, where {@code WAIT}
 * acknowledges every earlier write of the connection, the script's included; it stalls no other
 * client's traffic, but the acquisitions, renewals and releases of this lock service queue behind
 * it (up to the WAIT timeout each).
 */
final class LockCommands implements AutoCloseable {

    private static final LuaScript ACQUIRE = LuaScript.resource(LockCommands.class, "acquire.lua");
    private static final LuaScript RELEASE = LuaScript.resource(LockCommands.class, "release.lua");
    private static final LuaScript RENEW = LuaScript.resource(LockCommands.class, "renew.lua");
    private static final LuaScript ABANDON = LuaScript.resource(LockCommands.class, "abandon.lua");

    private final StewardClient client;
    private final LockOptions options;
    private final MasterConnection<String, String> master;
    private final StatefulRedisClusterConnection<String, String> cluster;
    private final RedisScriptingAsyncCommands<String, String> dedicated;
    private final long syncTimeoutMillis;
    /** The physical connection behind {@link #master} of the moment, for WAIT after a script. */
    private volatile StatefulRedisConnection<String, String> physical;

    LockCommands(StewardClient client, LockOptions options) {
        this.client = client;
        this.options = options;
        if (client.options().mode() == Mode.CLUSTER) {
            this.master = null;
            this.cluster = client.connectCluster(StringCodec.UTF8);
            this.dedicated = cluster.async();
        } else {
            this.master = client.connectMaster(StringCodec.UTF8, new MasterConnection.Listener<>() {
                @Override
                public void connected(StatefulRedisConnection<String, String> connection) {
                    physical = connection;
                }

                @Override
                public void lost() {}
            });
            this.cluster = null;
            this.dedicated = master.async();
        }
        this.syncTimeoutMillis = client.options().commandTimeout().toMillis()
                + (options.waitsForReplicas() ? options.waitTimeout().toMillis() : 0);
    }

    /**
     * @return the fencing token (&gt; 0) when acquired, else {@code -1 - pttl} of the current holder
     * @throws LockNotReplicatedException in WAIT mode when too few replicas acknowledged
     */
    long acquire(LockKeys keys, String owner, String leaseMillis, long patienceMillis) {
        String[] k = {keys.lock(), keys.fence(), keys.nextInLine()};
        String patience = Long.toString(patienceMillis);
        if (options.waitsForReplicas()) {
            return acquireReplicated(keys, k, owner, leaseMillis, patience);
        }
        return this.<Long>await(
                ACQUIRE.runAsync(dedicated, ScriptOutputType.INTEGER, k, owner, leaseMillis, patience), "evalsha");
    }

    /**
     * Sends the compare-and-delete plus a notification on the lock's channel, and returns without
     * waiting: an acquisition sent next through this connection runs after it, so a local waiter
     * may start at once.
     */
    CompletableFuture<Long> sendRelease(LockKeys keys, String holder) {
        return RELEASE.runAsync(
                dedicated,
                ScriptOutputType.INTEGER,
                new String[] {keys.lock(), keys.nextInLine()},
                holder,
                keys.channel(),
                holder);
    }

    /**
     * Sends, without waiting and ignoring failures, the clean-up of an acquisition that ended
     * without a handle: deletes {@code owner}'s next-in-line marker and a lock held under {@code
     * owner} (one whose reply never arrived), and notifies waiters if anything was deleted. Only
     * safe while the caller holds the name's local permit (no handle of {@code owner} holds it).
     */
    void sendAbandon(LockKeys keys, String owner) {
        try {
            ABANDON.runAsync(
                            dedicated,
                            ScriptOutputType.INTEGER,
                            new String[] {keys.lock(), keys.nextInLine()},
                            owner,
                            keys.channel())
                    .exceptionally(failure -> 0L);
        } catch (RuntimeException e) {
            // best effort: the marker and any lock expire on their own
        }
    }

    /** {@link #sendRelease} without waiting for, or failing on, the answer. */
    void sendReleaseQuietly(LockKeys keys, String holder) {
        try {
            sendRelease(keys, holder).exceptionally(failure -> 0L);
        } catch (RuntimeException e) {
            // best effort: the lock expires with its lease
        }
    }

    /** Waits for what {@link #sendRelease} sent; {@code true} when the holder still held the lock. */
    boolean released(CompletableFuture<Long> sent) {
        return await(sent, "evalsha") == 1L;
    }

    /**
     * Re-sets the lease if {@code holder} still holds it; completes with {@code true} when renewed
     * (and, in WAIT mode, acknowledged by enough replicas), {@code false} when another holder or no
     * lock was found; completes exceptionally when Redis could not be asked or too few replicas
     * acknowledged.
     */
    CompletableFuture<Boolean> renew(LockKeys keys, String holder, String leaseMillis) {
        String[] k = {keys.lock()};
        if (!options.waitsForReplicas()) {
            return RENEW.<Long>runAsync(dedicated, ScriptOutputType.INTEGER, k, holder, leaseMillis)
                    .thenApply(r -> r == 1L);
        }
        RedisAsyncCommands<String, String> node;
        try {
            node = nodeFor(keys.lock()).async();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return RENEW.<Long>runAsync(node, ScriptOutputType.INTEGER, k, holder, leaseMillis)
                .thenCompose(r -> r != 1L
                        ? CompletableFuture.completedFuture(false)
                        : node.waitForReplication(
                                        options.waitReplicas(),
                                        options.waitTimeout().toMillis())
                                .toCompletableFuture()
                                .thenApply(acked -> {
                                    if (acked < options.waitReplicas()) {
                                        throw new LockNotReplicatedException(
                                                keys.name(), options.waitReplicas(), acked);
                                    }
                                    return true;
                                }));
    }

    private long acquireReplicated(LockKeys keys, String[] k, String owner, String leaseMillis, String patience) {
        StatefulRedisConnection<String, String> connection = nodeFor(keys.lock());
        RedisAsyncCommands<String, String> node = connection.async();
        long token = this.<Long>await(
                ACQUIRE.runAsync(node, ScriptOutputType.INTEGER, k, owner, leaseMillis, patience), "evalsha");
        if (token <= 0) {
            return token;
        }
        long acked = await(
                node.waitForReplication(
                                options.waitReplicas(), options.waitTimeout().toMillis())
                        .toCompletableFuture(),
                "wait");
        if (acked < options.waitReplicas()) {
            try {
                await(
                        RELEASE.<Long>runAsync(
                                node,
                                ScriptOutputType.INTEGER,
                                new String[] {keys.lock(), keys.nextInLine()},
                                owner + ':' + token,
                                keys.channel(),
                                "unreplicated"),
                        "evalsha");
            } catch (StewardException e) {
                // the lock expires with its lease; the caller learns why it failed below
            }
            throw new LockNotReplicatedException(keys.name(), options.waitReplicas(), acked);
        }
        return token;
    }

    /** The physical connection to the master of {@code key}'s slot, on the dedicated connection. */
    private StatefulRedisConnection<String, String> nodeFor(String key) {
        if (cluster == null) {
            StatefulRedisConnection<String, String> connection = physical;
            if (connection == null || !connection.isOpen()) {
                throw new ConnectionFailedException(
                        endpoint(),
                        ConnectionFailedException.Reason.CLOSED,
                        "no master connection; a failover may be in progress",
                        null);
            }
            return connection;
        }
        RedisClusterNode node = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        if (node == null) {
            throw new ConnectionFailedException(
                    endpoint(),
                    ConnectionFailedException.Reason.CLOSED,
                    "no cluster master serves the slot of " + key + "; the cluster may be failing over",
                    null);
        }
        return cluster.getConnection(node.getNodeId());
    }

    /**
     * Waits for a command already sent, at most the command timeout (plus the WAIT timeout in WAIT
     * mode). An interrupt does not cut the wait short, as the command runs anyway and its effect
     * (a lock taken) must be known; the interrupt flag is restored before returning.
     */
    private <T> T await(CompletableFuture<T> future, String command) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(syncTimeoutMillis);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // bounded: the next get gives up at the same end
                } catch (ExecutionException e) {
                    throw mapped(e.getCause(), command);
                } catch (TimeoutException e) {
                    throw mapped(e, command);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RuntimeException mapped(Throwable failure, String command) {
        if (failure instanceof StewardException steward) {
            return steward;
        }
        return RedisErrorMapper.map(failure, endpoint(), client.options().username(), command);
    }

    private HostAndPort endpoint() {
        try {
            return cluster == null
                    ? master.currentMaster()
                    : client.options().endpoints().get(0);
        } catch (RuntimeException e) {
            return client.options().endpoints().get(0);
        }
    }

    @Override
    public void close() {
        if (master != null) {
            master.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}

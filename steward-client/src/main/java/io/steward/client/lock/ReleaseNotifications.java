package io.steward.client.lock;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.client.internal.ClientInternals;
import io.steward.client.internal.RedisErrorMapper;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publish/subscribe connection per {@link StewardLocks}, opened on the first wait and shared by
 * every waiter, subscribed to the release channels of the names being waited for. In SENTINEL mode
 * it follows the master: {@link #followMaster()} compares the node with the client's current master
 * and moves the subscriptions when they differ. In CLUSTER mode a {@code PUBLISH} reaches every
 * node, so one connection to any node hears all. Notifications missed while the link moves only
 * delay a waiter until the holder's lease would end, when it checks again.
 */
final class ReleaseNotifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReleaseNotifications.class);

    private final StewardClient client;
    private final Consumer<String> onRelease;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean moving = new AtomicBoolean();
    private final RedisPubSubAdapter<String, String> listener = new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
            onRelease.accept(channel);
        }
    };
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile HostAndPort endpoint;
    private volatile boolean closed;

    ReleaseNotifications(StewardClient client, Consumer<String> onRelease) {
        this.client = client;
        this.onRelease = onRelease;
    }

    /**
     * Subscribes to {@code channel} and returns once Redis confirmed it, waiting at most {@code
     * maxNanos} and the command timeout: while the link is down (reconnecting, or following a
     * failover) it fails at once rather than queue the subscription behind the reconnect.
     *
     * @throws io.steward.StewardException typed as the client's commands, when the node cannot be
     *     asked in time; the channel is then not kept
     * @throws InterruptedException when interrupted while waiting for the confirmation
     */
    void subscribe(String channel, long maxNanos) throws InterruptedException {
        channels.add(channel);
        boolean confirmed = false;
        try {
            StatefulRedisPubSubConnection<String, String> c = connection();
            if (!c.isOpen()) {
                throw new ConnectionFailedException(
                        endpoint,
                        ConnectionFailedException.Reason.CLOSED,
                        "the lock release notification link is reconnecting",
                        null);
            }
            long timeout = Math.min(maxNanos, client.options().commandTimeout().toNanos());
            c.async().subscribe(channel).toCompletableFuture().get(timeout, TimeUnit.NANOSECONDS);
            confirmed = true;
        } catch (ExecutionException e) {
            followMaster();
            throw RedisErrorMapper.map(e.getCause(), endpoint, client.options().username(), "subscribe");
        } catch (TimeoutException e) {
            followMaster();
            throw new ConnectionFailedException(
                    endpoint, ConnectionFailedException.Reason.TIMED_OUT, "no answer to SUBSCRIBE in time", e);
        } catch (RuntimeException e) {
            followMaster();
            throw RedisErrorMapper.map(e, endpoint, client.options().username(), "subscribe");
        } finally {
            if (!confirmed) {
                unsubscribe(channel);
            }
        }
    }

    /** Unsubscribes without waiting for the answer. */
    void unsubscribe(String channel) {
        channels.remove(channel);
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (c != null && c.isOpen()) {
            c.async().unsubscribe(channel);
        }
    }

    /** In SENTINEL mode, moves the subscriptions to the client's master when it changed. Never blocks. */
    void followMaster() {
        StatefulRedisPubSubConnection<String, String> current = connection;
        if (closed || current == null || client.options().mode() != Mode.SENTINEL) {
            return;
        }
        HostAndPort master;
        try {
            master = client.currentMaster();
        } catch (RuntimeException e) {
            return;
        }
        if (master.equals(endpoint) || !moving.compareAndSet(false, true)) {
            return;
        }
        Thread mover = new Thread(
                () -> {
                    try {
                        move(current, master);
                    } finally {
                        moving.set(false);
                    }
                },
                "steward-lock-pubsub-move");
        mover.setDaemon(true);
        mover.start();
    }

    private void move(StatefulRedisPubSubConnection<String, String> old, HostAndPort master) {
        try {
            StatefulRedisPubSubConnection<String, String> next = open(master);
            synchronized (this) {
                if (closed) {
                    next.closeAsync();
                    return;
                }
                connection = next;
                endpoint = master;
            }
            if (!channels.isEmpty()) {
                next.sync().subscribe(channels.toArray(String[]::new));
            }
            old.closeAsync();
            log.debug("Lock release notifications now come from {}", master);
        } catch (RuntimeException e) {
            log.debug("Moving lock release notifications to {} failed: {}", master, e.toString());
        }
    }

    private StatefulRedisPubSubConnection<String, String> connection() {
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (connection == null) {
                if (closed) {
                    throw new IllegalStateException("the lock service is closed");
                }
                HostAndPort node = client.options().mode() == Mode.CLUSTER
                        ? client.options().endpoints().get(0)
                        : client.currentMaster();
                connection = open(node);
                endpoint = node;
            }
            return connection;
        }
    }

    private StatefulRedisPubSubConnection<String, String> open(HostAndPort node) {
        StatefulRedisPubSubConnection<String, String> c = client.options().mode() == Mode.CLUSTER
                ? ClientInternals.connector(client).connectClusterPubSub()
                : ClientInternals.connector(client).connectPubSub(node);
        c.addListener(listener);
        return c;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            connection.closeAsync();
        }
    }
}

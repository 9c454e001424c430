package io.steward.client.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.ClientOptions;
import io.steward.client.MasterConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection to the current master and replaces it when the master moves.
 *
 * <p>Two paths lead to a switch:
 * <ol>
 *   <li>{@code +switch-master} from any sentinel: connect to the named node, confirm its role is
 *       {@code master}, swap atomically, close the old connection. Writes resume at the switch.</li>
 *   <li>Fallback, in case an event was missed: when the connection drops or a call fails with a
 *       connection error or {@code READONLY}, ask the {@link MasterLocator} again, at most once per
 *       {@link ClientOptions#masterResolveInterval()}, until a confirmed master is connected.</li>
 * </ol>
 * The master connection does not reconnect by itself, so in-flight writes fail rather than being
 * replayed on a node that may have become a replica, and calls while no master is connected fail at
 * once. All switching runs on one thread of this holder; readers only see whole connections.
 *
 * <p>A {@link MasterConnection.Listener} hears of every new connection before calls use it, and of every loss, so a
 * cache can set up client tracking on each connection and drop what it may have missed.
 *
 * @param <K> key type of the codec
 * @param <V> value type of the codec
 */
public final class MasterConnectionHolder<K, V> implements MasterConnection<K, V> {

    private static final Logger log = LoggerFactory.getLogger(MasterConnectionHolder.class);
    private static final Duration SUBSCRIPTION_RETRY_INTERVAL = Duration.ofSeconds(5);
    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

    private final NodeConnector connector;
    private final RedisCodec<K, V> codec;
    private final MasterConnection.Listener<K, V> listener;
    private final MasterLocator locator;
    private final boolean confirmRole;
    private final String description;
    private final long resolveIntervalNanos;
    private final LongSupplier nanoClock;
    private final ScheduledExecutorService switcher;
    private final ScheduledExecutorService subscriptionRetrier;
    private final AtomicReference<MasterLink<K, V>> current = new AtomicReference<>();
    private final AtomicBoolean resolveScheduled = new AtomicBoolean();
    private final RedisCommands<K, V> commands;
    private final RedisAsyncCommands<K, V> async;
    private volatile long lastResolveNanos;
    private volatile boolean lost;
    private volatile boolean closed;
    private SwitchMasterSubscriber subscriber;

    private MasterConnectionHolder(
            NodeConnector connector,
            RedisCodec<K, V> codec,
            MasterConnection.Listener<K, V> listener,
            MasterLocator locator,
            boolean confirmRole,
            String description,
            LongSupplier nanoClock) {
        this.connector = connector;
        this.codec = codec;
        this.listener = listener;
        this.locator = locator;
        this.confirmRole = confirmRole;
        this.description = description;
        this.nanoClock = nanoClock;
        this.resolveIntervalNanos = connector.options().masterResolveInterval().toNanos();
        this.lastResolveNanos = nanoClock.getAsLong() - resolveIntervalNanos;
        this.switcher = Executors.newSingleThreadScheduledExecutor(daemonThreads("steward-master-switch"));
        this.subscriptionRetrier =
                Executors.newSingleThreadScheduledExecutor(daemonThreads("steward-sentinel-subscribe"));
        @SuppressWarnings("unchecked")
        RedisCommands<K, V> proxy = CommandsProxy.create(
                RedisCommands.class,
                this::currentLink,
                connector.options().username(),
                this::onCallFailed,
                "StewardCommands");
        this.commands = proxy;
        @SuppressWarnings("unchecked")
        RedisAsyncCommands<K, V> asyncProxy = CommandsProxy.create(
                RedisAsyncCommands.class,
                () -> currentLink().async(),
                connector.options().username(),
                (target, e) -> {},
                "StewardAsyncCommands");
        this.async = asyncProxy;
        connector.addMasterConnectionListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                MasterLink<K, V> link = current.get();
                if (link != null && link.connection() == connection) {
                    connectionLost(link, "the connection was closed");
                }
            }
        });
    }

    /** Connects to the one node of a standalone deployment. */
    public static <K, V> MasterConnectionHolder<K, V> standalone(
            NodeConnector connector,
            RedisCodec<K, V> codec,
            MasterConnection.Listener<K, V> listener,
            HostAndPort node) {
        MasterConnectionHolder<K, V> holder = new MasterConnectionHolder<>(
                connector, codec, listener, MasterLocator.fixed(node), false, node.toString(), System::nanoTime);
        return holder.connectFirst();
    }

    /**
     * Connects to the master the sentinels name, confirmed by its role, and follows its failovers.
     *
     * @throws StewardException a typed exception when no sentinel or master can be reached, the
     *                          credentials are rejected, or no confirmed master appears within the
     *                          connect timeout
     */
    public static <K, V> MasterConnectionHolder<K, V> sentinel(
            NodeConnector connector,
            RedisCodec<K, V> codec,
            MasterConnection.Listener<K, V> listener,
            List<HostAndPort> sentinels,
            String masterName) {
        MasterConnectionHolder<K, V> holder = new MasterConnectionHolder<>(
                connector,
                codec,
                listener,
                new SentinelMasterLocator(connector, sentinels, masterName),
                true,
                masterName,
                System::nanoTime);
        holder.connectFirst();
        holder.subscriber = new SwitchMasterSubscriber(
                connector, sentinels, masterName, event -> holder.onSwitchMaster(event.newMaster()));
        holder.subscriber.subscribeMissing();
        holder.subscriptionRetrier.scheduleWithFixedDelay(
                holder::retrySubscriptions,
                SUBSCRIPTION_RETRY_INTERVAL.toMillis(),
                SUBSCRIPTION_RETRY_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return holder;
    }

    @Override
    public RedisCommands<K, V> sync() {
        return commands;
    }

    @Override
    public RedisAsyncCommands<K, V> async() {
        return async;
    }

    @Override
    public HostAndPort currentMaster() {
        return currentLink().endpoint();
    }

    private MasterLink<K, V> currentLink() {
        MasterLink<K, V> link = current.get();
        if (closed || link == null) {
            throw new IllegalStateException("the Steward client is closed");
        }
        return link;
    }

    private MasterConnectionHolder<K, V> connectFirst() {
        long deadline =
                nanoClock.getAsLong() + connector.options().connectTimeout().toNanos();
        try {
            while (true) {
                HostAndPort master = locator.locate();
                try {
                    switchTo(master, "start");
                    return this;
                } catch (NotMasterException e) {
                    if (nanoClock.getAsLong() - deadline > 0) {
                        throw e;
                    }
                    TimeUnit.NANOSECONDS.sleep(resolveIntervalNanos);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new StewardException(description + ": interrupted while connecting to the master", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void onSwitchMaster(HostAndPort newMaster) {
        submit(
                () -> {
                    try {
                        switchTo(newMaster, SwitchMasterEvent.CHANNEL);
                    } catch (RuntimeException e) {
                        log.warn(
                                "Switching {} to {} after {} failed: {}; looking the master up again",
                                description,
                                newMaster,
                                SwitchMasterEvent.CHANNEL,
                                e.getMessage());
                        MasterLink<K, V> link = current.get();
                        if (link != null) {
                            connectionLost(link, e.getMessage());
                        }
                    }
                },
                0);
    }

    private void onCallFailed(CommandsProxy.Target target, RuntimeException mapped) {
        if (RedisErrorMapper.isConnectionLost(mapped) && target == current.get()) {
            connectionLost(current.get(), mapped.getMessage());
        }
    }

    private void connectionLost(MasterLink<K, V> link, String why) {
        if (closed || link != current.get()) {
            return;
        }
        if (!lost) {
            lost = true;
            listener.lost();
            log.warn("Master {} of {} is unreachable ({}); looking it up again", link.endpoint(), description, why);
        }
        requestResolve();
    }

    private void requestResolve() {
        if (closed || !resolveScheduled.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastResolveNanos + resolveIntervalNanos - nanoClock.getAsLong());
        submit(this::resolve, wait);
    }

    private void resolve() {
        resolveScheduled.set(false);
        lastResolveNanos = nanoClock.getAsLong();
        if (closed) {
            return;
        }
        try {
            HostAndPort named = locator.locate();
            MasterLink<K, V> link = current.get();
            if (link.endpoint().equals(named) && link.connection().isOpen() && isMaster(link.connection())) {
                if (lost) {
                    lost = false;
                    log.info("Master {} of {} is reachable again", named, description);
                }
            } else {
                switchTo(named, "look-up");
            }
        } catch (RuntimeException e) {
            log.debug("Looking up the master of {} failed: {}", description, e.getMessage());
        }
        MasterLink<K, V> link = current.get();
        if (lost || link == null || !link.connection().isOpen()) {
            requestResolve();
        }
    }

    /** Runs on the switcher thread, or on the caller's before the holder is published. */
    private void switchTo(HostAndPort target, String cause) {
        MasterLink<K, V> previous = current.get();
        if (previous != null
                && previous.endpoint().equals(target)
                && !lost
                && previous.connection().isOpen()) {
            return;
        }
        StatefulRedisConnection<K, V> connection = connector.connectMaster(target, codec);
        try {
            if (!isMaster(connection)) {
                throw new NotMasterException(target, description);
            }
            listener.connected(connection);
        } catch (RuntimeException e) {
            connection.closeAsync();
            throw e instanceof NotMasterException
                    ? e
                    : RedisErrorMapper.map(e, target, connector.options().username(), "role");
        }
        MasterLink<K, V> next = new MasterLink<>(target, connection);
        current.set(next);
        if (previous != null && !lost) {
            listener.lost();
        }
        lost = false;
        if (closed) {
            connection.closeAsync();
            return;
        }
        if (previous != null) {
            previous.connection().closeAsync();
            log.info("Master of {} is now {} (was {}; via {})", description, target, previous.endpoint(), cause);
        } else {
            log.debug("Connected to master {} of {}", target, description);
        }
    }

    private boolean isMaster(StatefulRedisConnection<K, V> connection) {
        return !confirmRole || RoleProbe.MASTER.equals(RoleProbe.roleOf(connection));
    }

    private void retrySubscriptions() {
        SwitchMasterSubscriber s = subscriber;
        if (s != null && !closed && s.isMissingAny()) {
            s.subscribeMissing();
        }
    }

    private void submit(Runnable task, long delayNanos) {
        try {
            switcher.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (subscriber != null) {
            subscriber.close();
        }
        switcher.shutdownNow();
        subscriptionRetrier.shutdownNow();
        try {
            long timeout = connector.options().connectTimeout().toMillis() + 1000;
            switcher.awaitTermination(timeout, TimeUnit.MILLISECONDS);
            subscriptionRetrier.awaitTermination(timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MasterLink<K, V> link = current.getAndSet(null);
        if (link != null) {
            link.connection().close();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + THREAD_COUNT.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The node the sentinels name does not report itself as master (yet). */
    static final class NotMasterException extends StewardException {

        private static final long serialVersionUID = 1L;

        NotMasterException(HostAndPort node, String masterName) {
            super(node + ": named master of '" + masterName + "' but does not report role master;"
                    + " a failover may be in progress, retry shortly");
        }
    }
}

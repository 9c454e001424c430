package io.steward.ha.sentinel;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the event channels of every sentinel and hands each event to one listener, on
 * Lettuce's event thread (the listener must not block). A subscription, once made, reconnects and
 * resubscribes by itself; sentinels that could not be reached are tried again by
 * {@link #subscribeMissing()}. Thread-safe; closing ends every subscription.
 */
public final class SentinelEventStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentinelEventStream.class);

    private final StewardClient client;
    private final List<HostAndPort> sentinels;
    private final List<String> channels;
    private final Consumer<SentinelEvent> listener;
    private final Clock clock;
    private final Map<HostAndPort, StatefulRedisPubSubConnection<String, String>> subscriptions =
            new ConcurrentHashMap<>();
    private final Set<HostAndPort> reportedUnreachable = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SentinelEventStream(
            StewardClient client,
            List<HostAndPort> sentinels,
            List<String> channels,
            Consumer<SentinelEvent> listener,
            Clock clock) {
        this.client = client;
        this.sentinels = List.copyOf(sentinels);
        this.channels = List.copyOf(channels);
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Subscribes to {@code channels} on each of {@code sentinels}, as far as they can be reached now.
     *
     * @param client    the client whose credentials the subscriptions use; it must outlive the stream
     * @param channels  Sentinel event types, such as {@link SentinelEvent#FAILOVER_TYPES}
     * @param listener  called for every event, on a Lettuce thread; must return quickly
     */
    public static SentinelEventStream open(
            StewardClient client,
            List<HostAndPort> sentinels,
            List<String> channels,
            Consumer<SentinelEvent> listener,
            Clock clock) {
        SentinelEventStream stream = new SentinelEventStream(client, sentinels, channels, listener, clock);
        stream.subscribeMissing();
        return stream;
    }

    /** Subscribes on each sentinel that has no subscription yet; a failure is logged once per sentinel. */
    public synchronized void subscribeMissing() {
        for (HostAndPort sentinel : sentinels) {
            if (closed || subscriptions.containsKey(sentinel)) {
                continue;
            }
            try {
                subscriptions.put(sentinel, subscribe(sentinel));
                if (reportedUnreachable.remove(sentinel)) {
                    log.info("Subscribed to the events of sentinel {}", sentinel);
                }
            } catch (RuntimeException e) {
                if (reportedUnreachable.add(sentinel)) {
                    log.warn("Cannot subscribe to the events of sentinel {}: {}; will retry", sentinel, e.getMessage());
                }
            }
        }
    }

    /** The sentinels currently subscribed to. */
    public Set<HostAndPort> subscribed() {
        return Set.copyOf(subscriptions.keySet());
    }

    private StatefulRedisPubSubConnection<String, String> subscribe(HostAndPort sentinel) {
        StatefulRedisPubSubConnection<String, String> connection = client.connectSentinelPubSub(sentinel);
        try {
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    deliver(new SentinelEvent(sentinel, channel, message, clock.instant()));
                }
            });
            connection.sync().subscribe(channels.toArray(String[]::new));
            return connection;
        } catch (RuntimeException e) {
            connection.closeAsync();
            throw e;
        }
    }

    private void deliver(SentinelEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.warn("Sentinel event listener failed on {} {}: {}", event.type(), event.message(), e.toString());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        subscriptions.values().forEach(StatefulRedisPubSubConnection::closeAsync);
        subscriptions.clear();
    }
}

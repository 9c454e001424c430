package io.steward.client.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.steward.HostAndPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to {@code +switch-master} on every sentinel and passes the events for one master
 * name on. Subscriptions reconnect and resubscribe by themselves once made; sentinels that could not
 * be reached are tried again by {@link #subscribeMissing()}. Thread-safe.
 */
final class SwitchMasterSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SwitchMasterSubscriber.class);

    private final NodeConnector connector;
    private final List<HostAndPort> sentinels;
    private final String masterName;
    private final Consumer<SwitchMasterEvent> onSwitch;
    private final Map<HostAndPort, StatefulRedisPubSubConnection<String, String>> subscriptions =
            new ConcurrentHashMap<>();
    private final Set<HostAndPort> reportedUnreachable = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    SwitchMasterSubscriber(
            NodeConnector connector,
            List<HostAndPort> sentinels,
            String masterName,
            Consumer<SwitchMasterEvent> onSwitch) {
        this.connector = connector;
        this.sentinels = List.copyOf(sentinels);
        this.masterName = masterName;
        this.onSwitch = onSwitch;
    }

    /** Subscribes on each sentinel that has no subscription yet; failures are logged once per sentinel. */
    synchronized void subscribeMissing() {
        for (HostAndPort sentinel : sentinels) {
            if (closed || subscriptions.containsKey(sentinel)) {
                continue;
            }
            try {
                subscriptions.put(sentinel, subscribe(sentinel));
                if (reportedUnreachable.remove(sentinel)) {
                    log.info("Subscribed to {} on sentinel {}", SwitchMasterEvent.CHANNEL, sentinel);
                }
            } catch (RuntimeException e) {
                if (reportedUnreachable.add(sentinel)) {
                    log.warn(
                            "Cannot subscribe to {} on sentinel {}: {}; will retry",
                            SwitchMasterEvent.CHANNEL,
                            sentinel,
                            e.getMessage());
                }
            }
        }
    }

    /** Whether some sentinel has no subscription. */
    boolean isMissingAny() {
        return subscriptions.size() < sentinels.size();
    }

    private StatefulRedisPubSubConnection<String, String> subscribe(HostAndPort sentinel) {
        StatefulRedisPubSubConnection<String, String> connection = connector.connectSentinelPubSub(sentinel);
        try {
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if (SwitchMasterEvent.CHANNEL.equals(channel)) {
                        deliver(sentinel, message);
                    }
                }
            });
            connection.sync().subscribe(SwitchMasterEvent.CHANNEL);
            return connection;
        } catch (RuntimeException e) {
            connection.closeAsync();
            throw RedisErrorMapper.map(e, sentinel, connector.options().username(), "subscribe");
        }
    }

    private void deliver(HostAndPort sentinel, String message) {
        SwitchMasterEvent.parse(message)
                .filter(event -> event.masterName().equals(masterName))
                .ifPresent(event -> {
                    log.debug("Sentinel {} reports {}: {}", sentinel, SwitchMasterEvent.CHANNEL, message);
                    onSwitch.accept(event);
                });
    }

    @Override
    public synchronized void close() {
        closed = true;
        subscriptions.values().forEach(StatefulRedisPubSubConnection::closeAsync);
        subscriptions.clear();
    }
}

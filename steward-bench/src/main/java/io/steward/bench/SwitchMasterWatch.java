package io.steward.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.steward.HostAndPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Records when each sentinel publishes {@code +switch-master} for the monitored master, with plain
 * Lettuce pub/sub (independent of both clients under test). The sentinel that leads the failover
 * publishes first; the others follow when its new configuration reaches them, often a second later,
 * so the earliest event is the moment of the switch.
 */
final class SwitchMasterWatch implements AutoCloseable {

    static final String CHANNEL = "+switch-master";

    /**
     * @param at        when the event arrived ({@link System#nanoTime()} scale)
     * @param sentinel  the sentinel that published it
     * @param newMaster the master the sentinel switched to
     */
    record Switch(long at, HostAndPort sentinel, HostAndPort newMaster) {}

    private final RedisClient client;
    private final List<StatefulRedisPubSubConnection<String, String>> connections = new ArrayList<>();
    private final Map<HostAndPort, Switch> firstBySentinel = new ConcurrentHashMap<>();

    private SwitchMasterWatch(RedisClient client) {
        this.client = client;
    }

    /** Subscribes on every sentinel; fails when one cannot be subscribed to. */
    static SwitchMasterWatch subscribe(
            List<HostAndPort> sentinels, String masterName, String user, char[] password, LongSupplier nanoTime) {
        SwitchMasterWatch watch = new SwitchMasterWatch(RedisClient.create());
        try {
            for (HostAndPort sentinel : sentinels) {
                watch.subscribe(sentinel, masterName, user, password, nanoTime);
            }
            return watch;
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
    }

    private void subscribe(
            HostAndPort sentinel, String masterName, String user, char[] password, LongSupplier nanoTime) {
        RedisURI uri = RedisURI.Builder.redis(sentinel.host(), sentinel.port())
                .withAuthentication(user, password)
                .withTimeout(Duration.ofSeconds(5))
                .build();
        StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub(StringCodec.UTF8, uri);
        connections.add(connection);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                long at = nanoTime.getAsLong();
                // "<name> <old-ip> <old-port> <new-ip> <new-port>"
                String[] parts = message.split(" ");
                if (CHANNEL.equals(channel) && parts.length == 5 && parts[0].equals(masterName)) {
                    firstBySentinel.putIfAbsent(
                            sentinel, new Switch(at, sentinel, HostAndPort.of(parts[3], Integer.parseInt(parts[4]))));
                }
            }
        });
        connection.sync().subscribe(CHANNEL);
    }

    /** The earliest switch any sentinel reported, if any. */
    Optional<Switch> firstSwitch() {
        return firstBySentinel.values().stream().min(Comparator.comparingLong(Switch::at));
    }

    /** The latest of the sentinels' first reports, once every sentinel has reported. */
    Optional<Switch> lastSentinelSwitch(int sentinels) {
        if (firstBySentinel.size() < sentinels) {
            return Optional.empty();
        }
        return firstBySentinel.values().stream().max(Comparator.comparingLong(Switch::at));
    }

    @Override
    public void close() {
        try {
            connections.forEach(StatefulRedisPubSubConnection::close);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}

package io.steward.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.steward.HostAndPort;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Records when one sentinel publishes {@code +switch-master} for the monitored master, with plain
 * Lettuce pub/sub (independent of both clients under test).
 */
final class SwitchMasterWatch implements AutoCloseable {

    static final String CHANNEL = "+switch-master";

    /**
     * @param at        when the event arrived ({@link System#nanoTime()} scale)
     * @param newMaster the master the sentinel switched to
     */
    record Switch(long at, HostAndPort newMaster) {
    }

    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final AtomicReference<Switch> first = new AtomicReference<>();

    private SwitchMasterWatch(RedisClient client, StatefulRedisPubSubConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    static SwitchMasterWatch subscribe(HostAndPort sentinel, String masterName, String user, char[] password,
            LongSupplier nanoTime) {
        RedisClient client = RedisClient.create();
        try {
            RedisURI uri = RedisURI.Builder.redis(sentinel.host(), sentinel.port())
                    .withAuthentication(user, password).withTimeout(Duration.ofSeconds(5)).build();
            StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub(StringCodec.UTF8, uri);
            SwitchMasterWatch watch = new SwitchMasterWatch(client, connection);
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    long at = nanoTime.getAsLong();
                    // "<name> <old-ip> <old-port> <new-ip> <new-port>"
                    String[] parts = message.split(" ");
                    if (CHANNEL.equals(channel) && parts.length == 5 && parts[0].equals(masterName)) {
                        watch.first.compareAndSet(null,
                                new Switch(at, HostAndPort.of(parts[3], Integer.parseInt(parts[4]))));
                    }
                }
            });
            connection.sync().subscribe(CHANNEL);
            return watch;
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /** The first switch seen, if any. */
    Optional<Switch> firstSwitch() {
        return Optional.ofNullable(first.get());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}

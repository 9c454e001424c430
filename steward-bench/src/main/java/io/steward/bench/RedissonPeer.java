package io.steward.bench;

import io.steward.HostAndPort;
import java.time.Duration;
import java.util.List;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SentinelServersConfig;

/**
 * The second peer: what a Redisson user writes for Sentinel, {@code useSentinelServers()} with the
 * master name, the sentinels and the ACL user, and Redisson's defaults otherwise (its retries
 * included: 3 attempts, 1.5 s apart) except the command timeout, which matches the other clients'.
 */
final class RedissonPeer implements AutoCloseable {

    static final String DESCRIPTION = "Redisson useSentinelServers(), ACL user for data nodes and sentinels,"
            + " RBucket<String>.set, timeout as the other clients, Redisson defaults otherwise";

    private final RedissonClient client;

    private RedissonPeer(RedissonClient client) {
        this.client = client;
    }

    static RedissonPeer connect(
            List<HostAndPort> sentinels, String masterName, String user, char[] password, Duration commandTimeout) {
        Config config = new Config();
        SentinelServersConfig sentinel = config.useSentinelServers()
                .setMasterName(masterName)
                .setUsername(user)
                .setPassword(new String(password))
                .setSentinelUsername(user)
                .setSentinelPassword(new String(password))
                .setTimeout((int) commandTimeout.toMillis());
        sentinels.forEach(s -> sentinel.addSentinelAddress("redis://" + s.host() + ":" + s.port()));
        return new RedissonPeer(Redisson.create(config));
    }

    /** A write that returns only when the master acknowledged it (Redisson retries inside). */
    CounterWriter.Target target() {
        return (key, value) ->
                client.<String>getBucket(key, StringCodec.INSTANCE).set(value);
    }

    @Override
    public void close() {
        client.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}

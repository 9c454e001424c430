package io.steward.spring.boot.data;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.SslVerifyMode;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import java.util.Arrays;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Translates Steward {@link ClientOptions} into a Spring Data Redis {@link LettuceConnectionFactory}.
 *
 * <p>In SENTINEL mode the factory's connections are Lettuce Master/Replica connections over the
 * Sentinel {@code RedisURI}, reading from the master only ({@link ReadFrom#UPSTREAM}): each one
 * subscribes to the sentinels ({@code +switch-master} and the other failover events), re-reads the
 * topology from them and moves its commands to the master they name. A plain connection only asks
 * the sentinels when it reconnects, so it stays on a master that is stopped without its TCP
 * connections breaking (SIGSTOP, a frozen VM, a network partition that drops packets) for as long as
 * that lasts, even after Sentinel has promoted a replica.
 *
 * <p>Connections reconnect by themselves. While disconnected, commands are rejected at once (as the
 * Steward client does) rather than queued, so a request during a failover fails fast instead of
 * waiting out the command timeout.
 */
final class LettuceConnectionFactories {

    private LettuceConnectionFactories() {}

    /**
     * A factory over the client's settings, Lettuce options and resources; it does not shut the resources down.
     */
    static LettuceConnectionFactory create(StewardClient stewardClient) {
        ClientOptions options = stewardClient.options();
        LettuceClientConfiguration client = clientConfiguration(stewardClient);
        // The typed constructors, so that getStandaloneConfiguration() and its siblings describe the
        // nodes actually used (the generic one leaves the standalone configuration at localhost).
        RedisConfiguration configuration = configuration(options);
        if (configuration instanceof RedisSentinelConfiguration sentinel) {
            return new LettuceConnectionFactory(sentinel, client);
        }
        if (configuration instanceof RedisClusterConfiguration cluster) {
            return new LettuceConnectionFactory(cluster, client);
        }
        return new LettuceConnectionFactory((RedisStandaloneConfiguration) configuration, client);
    }

    private static RedisConfiguration configuration(ClientOptions options) {
        char[] password = options.password();
        try {
            RedisPassword redisPassword = password == null ? RedisPassword.none() : RedisPassword.of(password);
            return switch (options.mode()) {
                case STANDALONE -> {
                    HostAndPort node = options.endpoints().get(0);
                    RedisStandaloneConfiguration standalone =
                            new RedisStandaloneConfiguration(node.host(), node.port());
                    standalone.setUsername(options.username());
                    standalone.setPassword(redisPassword);
                    yield standalone;
                }
                case SENTINEL -> {
                    RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration().master(options.masterName());
                    options.endpoints().forEach(node -> sentinel.sentinel(node.host(), node.port()));
                    sentinel.setUsername(options.username());
                    sentinel.setPassword(redisPassword);
                    // Steward deployments give the sentinels the same ACL users as the data nodes.
                    sentinel.setSentinelUsername(options.username());
                    sentinel.setSentinelPassword(redisPassword);
                    yield sentinel;
                }
                case CLUSTER -> {
                    RedisClusterConfiguration cluster = new RedisClusterConfiguration();
                    options.endpoints()
                            .forEach(node -> cluster.addClusterNode(new RedisNode(node.host(), node.port())));
                    cluster.setUsername(options.username());
                    cluster.setPassword(redisPassword);
                    yield cluster;
                }
            };
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static LettuceClientConfiguration clientConfiguration(StewardClient stewardClient) {
        ClientOptions options = stewardClient.options();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder()
                .clientResources(stewardClient.resources())
                .clientOptions(stewardClient.lettuceOptions())
                .commandTimeout(options.commandTimeout());
        if (options.clientName() != null) {
            builder.clientName(options.clientName());
        }
        if (options.mode() == Mode.SENTINEL) {
            // Spring Data Redis then opens MasterReplica connections, which follow +switch-master.
            builder.readFrom(ReadFrom.UPSTREAM);
        }
        if (options.tls() != null) {
            builder.useSsl().verifyPeer(SslVerifyMode.FULL);
        }
        return builder.build();
    }
}

package io.steward.client.internal;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster connection. Lettuce discovers the topology from the seeds, follows redirects and
 * refreshes the topology on redirects, reconnects and every 30 s; Steward adds the error mapping.
 * Errors name the first seed, since the node a failed call went to is not known here.
 */
public final class ClusterConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterConnection.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> connection;
    private final RedisAdvancedClusterCommands<String, String> commands;

    private ClusterConnection(
            RedisClusterClient client,
            StatefulRedisClusterConnection<String, String> connection,
            HostAndPort seed,
            String user) {
        this.client = client;
        this.connection = connection;
        CommandsProxy.Target target = new CommandsProxy.Target() {
            @Override
            public Object api() {
                return connection.sync();
            }

            @Override
            public HostAndPort endpoint() {
                return seed;
            }
        };
        @SuppressWarnings("unchecked")
        RedisAdvancedClusterCommands<String, String> proxy = CommandsProxy.create(
                RedisAdvancedClusterCommands.class, () -> target, user, (t, e) -> {}, "StewardClusterCommands");
        this.commands = proxy;
    }

    /**
     * Connects to the cluster through its seeds.
     *
     * @throws io.steward.StewardException a typed exception naming the first seed
     */
    public static ClusterConnection open(NodeConnector connector) {
        ClientOptions options = connector.options();
        List<RedisURI> seeds = options.endpoints().stream()
                .map(node -> LettuceSettings.uri(options, node))
                .toList();
        HostAndPort firstSeed = options.endpoints().get(0);
        RedisClusterClient client = RedisClusterClient.create(connector.resources(), seeds);
        try {
            client.setOptions(LettuceSettings.clusterOptions(options));
            StatefulRedisClusterConnection<String, String> connection = client.connect(StringCodec.UTF8);
            return new ClusterConnection(client, connection, firstSeed, options.username());
        } catch (RuntimeException e) {
            shutdown(client);
            throw RedisErrorMapper.map(e, firstSeed, options.username(), null);
        }
    }

    /** Cluster commands with Steward's error mapping; the same object for the life of the connection. */
    public RedisAdvancedClusterCommands<String, String> commands() {
        return commands;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            shutdown(client);
        }
    }

    private static void shutdown(RedisClusterClient client) {
        try {
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("Closing the Redis Cluster client failed: {}", e.toString());
        }
    }
}

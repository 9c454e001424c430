package io.steward.client.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.AuthenticationFailedException;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections to single nodes and sentinels with the configured credentials and TLS, mapping
 * every failure through {@link RedisErrorMapper}. Owns the Lettuce clients (and the
 * {@link ClientResources} unless they were supplied by the caller). Thread-safe.
 *
 * <p>Two Lettuce clients share the resources: one that reconnects by itself (connections for ops
 * tools, sentinel queries and sentinel subscriptions) and one that does not (master connections,
 * whose loss is handled by {@link MasterConnectionHolder}).
 */
public final class NodeConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeConnector.class);
    private static final Duration SHUTDOWN_QUIET_PERIOD = Duration.ZERO;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final ClientOptions options;
    private final ClientResources resources;
    private final boolean ownsResources;
    private final RedisClient reconnectingClient;
    private final RedisClient masterClient;
    private final Set<HostAndPort> sentinelsWithoutAuth = ConcurrentHashMap.newKeySet();
    private final List<RedisClusterClient> clusterClients = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @throws io.steward.ConfigException when a TLS file cannot be read
     * @param resources the caller's resources, which stay open on {@link #close()}; {@code null} to
     *                  create (and later shut down) resources of our own
     */
    public NodeConnector(ClientOptions options, ClientResources resources) {
        io.lettuce.core.ClientOptions reconnecting = LettuceSettings.nodeOptions(options, true);
        io.lettuce.core.ClientOptions master = LettuceSettings.nodeOptions(options, false);
        this.options = options;
        this.ownsResources = resources == null;
        this.resources = resources != null ? resources : LettuceSettings.resources(options);
        this.reconnectingClient = RedisClient.create(this.resources);
        this.reconnectingClient.setOptions(reconnecting);
        this.masterClient = RedisClient.create(this.resources);
        this.masterClient.setOptions(master);
    }

    public ClientOptions options() {
        return options;
    }

    /**
     * The Lettuce options of this client's self-reconnecting connections: in cluster mode the cluster
     * options (topology refresh), otherwise the node options.
     */
    public io.lettuce.core.ClientOptions lettuceOptions() {
        return options.mode() == io.steward.client.Mode.CLUSTER
                ? LettuceSettings.clusterOptions(options)
                : LettuceSettings.nodeOptions(options, true);
    }

    public ClientResources resources() {
        return resources;
    }

    /** Tells {@code listener} when a master connection connects or disconnects. */
    public void addMasterConnectionListener(RedisConnectionStateListener listener) {
        masterClient.addListener(listener);
    }

    /** A connection that reconnects by itself, for tools talking to one node. */
    public StatefulRedisConnection<String, String> connectNode(HostAndPort node) {
        return connectNode(node, StringCodec.UTF8);
    }

    /** As {@link #connectNode(HostAndPort)} with keys and values in {@code codec}. */
    public <K, V> StatefulRedisConnection<K, V> connectNode(HostAndPort node, RedisCodec<K, V> codec) {
        return open(node, true, uri -> reconnectingClient.connect(codec, uri));
    }

    /**
     * A cluster connection through the configured seeds with keys and values in {@code codec}; all
     * such connections share one Lettuce cluster client (one topology refresh), shut down with this
     * connector.
     */
    public <K, V> StatefulRedisClusterConnection<K, V> connectCluster(RedisCodec<K, V> codec) {
        try {
            return clusterClient().connect(codec);
        } catch (RuntimeException e) {
            throw RedisErrorMapper.map(e, options.endpoints().get(0), options.username(), null);
        }
    }

    /**
     * A publish/subscribe connection to one data node that reconnects and resubscribes by itself.
     */
    public StatefulRedisPubSubConnection<String, String> connectPubSub(HostAndPort node) {
        return open(node, true, uri -> reconnectingClient.connectPubSub(StringCodec.UTF8, uri));
    }

    /**
     * A cluster publish/subscribe connection through the configured seeds, on the shared cluster
     * client of {@link #connectCluster}.
     */
    public StatefulRedisClusterPubSubConnection<String, String> connectClusterPubSub() {
        try {
            return clusterClient().connectPubSub(StringCodec.UTF8);
        } catch (RuntimeException e) {
            throw RedisErrorMapper.map(e, options.endpoints().get(0), options.username(), null);
        }
    }

    private synchronized RedisClusterClient clusterClient() {
        if (clusterClients.isEmpty()) {
            List<RedisURI> seeds = options.endpoints().stream()
                    .map(node -> LettuceSettings.uri(options, node))
                    .toList();
            RedisClusterClient client = RedisClusterClient.create(resources, seeds);
            client.setOptions(LettuceSettings.clusterOptions(options));
            clusterClients.add(client);
        }
        return clusterClients.get(0);
    }

    /** A connection that does not reconnect by itself, for the master, in {@code codec}. */
    public <K, V> StatefulRedisConnection<K, V> connectMaster(HostAndPort node, RedisCodec<K, V> codec) {
        return open(node, true, uri -> masterClient.connect(codec, uri));
    }

    /**
     * A connection to a sentinel. The configured user and password are tried first (sentinels with
     * ACL users); when the sentinel rejects them, a connection without credentials is tried, and
     * the outcome is remembered for that sentinel.
     */
    public StatefulRedisSentinelConnection<String, String> connectSentinel(HostAndPort sentinel) {
        return openSentinel(sentinel, uri -> reconnectingClient.connectSentinel(StringCodec.UTF8, uri));
    }

    /** A publish/subscribe connection to a sentinel, authenticated like {@link #connectSentinel}. */
    public StatefulRedisPubSubConnection<String, String> connectSentinelPubSub(HostAndPort sentinel) {
        return openSentinel(sentinel, uri -> reconnectingClient.connectPubSub(StringCodec.UTF8, uri));
    }

    private <T> T openSentinel(HostAndPort sentinel, Function<RedisURI, T> connect) {
        if (!options.hasPassword() || sentinelsWithoutAuth.contains(sentinel)) {
            return open(sentinel, false, connect);
        }
        try {
            return open(sentinel, true, connect);
        } catch (AuthenticationFailedException rejected) {
            try {
                T connection = open(sentinel, false, connect);
                sentinelsWithoutAuth.add(sentinel);
                log.debug(
                        "Sentinel {} does not know ACL user '{}'; talking to it without credentials",
                        sentinel,
                        options.username());
                return connection;
            } catch (RuntimeException withoutAuth) {
                rejected.addSuppressed(withoutAuth);
                throw rejected;
            }
        }
    }

    private <T> T open(HostAndPort node, boolean authenticate, Function<RedisURI, T> connect) {
        try {
            return connect.apply(LettuceSettings.uri(options, node, authenticate));
        } catch (RuntimeException e) {
            throw RedisErrorMapper.map(e, node, authenticate ? options.username() : null, null);
        }
    }

    /** Shuts down both Lettuce clients, and the resources when they are ours. */
    @Override
    public void close() {
        clusterClients.forEach(NodeConnector::shutdown);
        shutdown(masterClient);
        shutdown(reconnectingClient);
        if (ownsResources) {
            resources
                    .shutdown(SHUTDOWN_QUIET_PERIOD.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis() * 2);
        }
    }

    private static void shutdown(io.lettuce.core.AbstractRedisClient client) {
        try {
            client.shutdown(SHUTDOWN_QUIET_PERIOD, SHUTDOWN_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("Closing a Redis client failed: {}", e.toString());
        }
    }
}

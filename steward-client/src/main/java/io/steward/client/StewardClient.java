package io.steward.client;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.Event;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.AuthenticationFailedException;
import io.steward.ConfigException;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.PermissionDeniedException;
import io.steward.client.internal.ClientInternals;
import io.steward.client.internal.ClusterConnection;
import io.steward.client.internal.MasterConnectionHolder;
import io.steward.client.internal.NodeConnector;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;

/**
 * The one entry point to Redis for an application: standalone, Sentinel or Cluster, chosen by
 * {@link ClientOptions#mode()}.
 *
 * <h2>Following a Sentinel failover</h2>
 * The client asks the sentinels for the master ({@code SENTINEL get-master-addr-by-name}), confirms
 * it with the node's role and holds one connection to it. It subscribes to {@code +switch-master}
 * on every sentinel; on the event it connects to the new master, confirms its role, swaps the
 * connection and closes the old one, so writes resume at the switch. If an event is missed, a lost
 * connection or a {@code READONLY} reply makes it ask the sentinels again, at most once per
 * {@link ClientOptions#masterResolveInterval()}.
 *
 * <h2>Errors</h2>
 * Failures surface as {@link io.steward.StewardException} subtypes: {@link AuthenticationFailedException},
 * {@link PermissionDeniedException} (with user and command) and {@link ConnectionFailedException}
 * (with the endpoint and why: refused, timed out, TLS handshake, or closed). Calls are never retried
 * by Steward: a write that fails during a failover fails to the caller, who decides.
 *
 * <p>Thread-safe. Connections are multiplexed: share one client across the application and close
 * it on shutdown.
 */
public final class StewardClient implements AutoCloseable {

    static {
        ClientInternals.install(client -> {
            client.ensureOpen();
            return client.connector;
        });
    }

    private final ClientOptions options;
    private final NodeConnector connector;
    private final MasterConnectionHolder<String, String> master;
    private final ClusterConnection cluster;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<MasterConnectionHolder<?, ?>> extraMasters = new CopyOnWriteArrayList<>();

    private StewardClient(
            ClientOptions options,
            NodeConnector connector,
            MasterConnectionHolder<String, String> master,
            ClusterConnection cluster) {
        this.options = options;
        this.connector = connector;
        this.master = master;
        this.cluster = cluster;
    }

    /**
     * Connects eagerly, with Lettuce resources of its own that {@link #close()} shuts down.
     *
     * @throws ConfigException               when a TLS file cannot be read, or no sentinel monitors
     *                                       {@link ClientOptions#masterName()}
     * @throws AuthenticationFailedException when the user or password is rejected
     * @throws ConnectionFailedException     when the node, sentinels or seeds cannot be reached
     */
    public static StewardClient create(ClientOptions options) {
        return create(options, null);
    }

    /**
     * Connects eagerly using the caller's Lettuce resources (event loops, timers), which
     * {@link #close()} leaves open. The reconnect back-off of the profile does not apply then: it is
     * part of the resources, and so is the flush consolidation of each connection (docs/architecture.md).
     *
     * @param resources shared resources, or {@code null} for resources of the client's own
     * @throws ConfigException               as {@link #create(ClientOptions)}
     * @throws AuthenticationFailedException as {@link #create(ClientOptions)}
     * @throws ConnectionFailedException     as {@link #create(ClientOptions)}
     */
    public static StewardClient create(ClientOptions options, ClientResources resources) {
        Objects.requireNonNull(options, "options");
        NodeConnector connector = new NodeConnector(options, resources);
        try {
            return switch (options.mode()) {
                case STANDALONE ->
                    new StewardClient(
                            options,
                            connector,
                            MasterConnectionHolder.standalone(
                                    connector,
                                    StringCodec.UTF8,
                                    MasterConnection.Listener.none(),
                                    options.endpoints().get(0)),
                            null);
                case SENTINEL ->
                    new StewardClient(
                            options,
                            connector,
                            followMaster(connector, StringCodec.UTF8, MasterConnection.Listener.none()),
                            null);
                case CLUSTER -> new StewardClient(options, connector, null, ClusterConnection.open(connector));
            };
        } catch (RuntimeException e) {
            connector.close();
            throw e;
        }
    }

    /**
     * A client for tools that inspect nodes one by one (health, status): it opens no master or
     * cluster connection, so it can be created when no master is reachable. Only
     * {@link #connectNode} and {@link #connectSentinel} work; {@link #commands()},
     * {@link #cluster()} and {@link #currentMaster()} throw {@link IllegalStateException}.
     *
     * @throws ConfigException when a TLS file cannot be read
     */
    public static StewardClient createForNodes(ClientOptions options) {
        Objects.requireNonNull(options, "options");
        return new StewardClient(options, new NodeConnector(options, null), null, null);
    }

    /** The options this client was created with. */
    public ClientOptions options() {
        return options;
    }

    /**
     * Synchronous commands on the current master. The same object is returned for the life of the
     * client and always goes to the master of the moment: in SENTINEL mode a reference taken before
     * a failover keeps working after it. While no master is connected, calls fail at once with
     * {@link ConnectionFailedException}. Server errors other than authentication, permission and
     * {@code READONLY} (for example {@code WRONGTYPE}) are thrown as Lettuce reports them.
     *
     * <p>Transactions ({@code MULTI}/{@code EXEC}) and blocking commands are not carried across a
     * switch; {@code getStatefulConnection()} returns the connection of the moment, which is closed
     * at the next switch.
     *
     * @throws IllegalStateException in CLUSTER mode (use {@link #cluster()}) or once closed
     */
    public RedisCommands<String, String> commands() {
        ensureOpen();
        ensureConnected();
        if (master == null) {
            throw new IllegalStateException("commands() is for STANDALONE and SENTINEL; use cluster() in CLUSTER mode");
        }
        return master.sync();
    }

    /**
     * Synchronous commands on the cluster, with Steward's error mapping; the same object for the
     * life of the client.
     *
     * @throws IllegalStateException unless in CLUSTER mode, or once closed
     */
    public RedisAdvancedClusterCommands<String, String> cluster() {
        ensureOpen();
        ensureConnected();
        if (cluster == null) {
            throw new IllegalStateException("cluster() is for CLUSTER mode; use commands() in " + options.mode());
        }
        return cluster.commands();
    }

    /**
     * The node the master connection goes to now.
     *
     * @throws IllegalStateException in CLUSTER mode or once closed
     */
    public HostAndPort currentMaster() {
        ensureOpen();
        ensureConnected();
        if (master == null) {
            throw new IllegalStateException(
                    "a cluster has one master per slot range; currentMaster() is for " + "STANDALONE and SENTINEL");
        }
        return master.currentMaster();
    }

    /**
     * A new connection to one node with the client's user, password and TLS, for tools that ask a
     * particular node ({@code INFO}, {@code ROLE}, ...). It reconnects by itself; the caller closes it.
     *
     * @throws AuthenticationFailedException when the node rejects the credentials
     * @throws ConnectionFailedException     when the node cannot be reached
     */
    public StatefulRedisConnection<String, String> connectNode(HostAndPort node) {
        ensureOpen();
        return connector.connectNode(Objects.requireNonNull(node, "node"));
    }

    /**
     * As {@link #connectNode(HostAndPort)} with keys and values in {@code codec}, for binary data
     * such as {@code DUMP}/{@code RESTORE} payloads. The caller closes it.
     */
    public <K, V> StatefulRedisConnection<K, V> connectNode(HostAndPort node, RedisCodec<K, V> codec) {
        ensureOpen();
        return connector.connectNode(Objects.requireNonNull(node, "node"), Objects.requireNonNull(codec, "codec"));
    }

    /**
     * A new cluster connection through the configured seeds, with keys and values in
     * {@code codec}; commands are routed by slot. The caller closes it; {@link #close()} releases
     * what remains.
     *
     * @throws IllegalStateException unless in CLUSTER mode
     */
    public <K, V> StatefulRedisClusterConnection<K, V> connectCluster(RedisCodec<K, V> codec) {
        ensureOpen();
        if (options.mode() != Mode.CLUSTER) {
            throw new IllegalStateException("connectCluster is for CLUSTER mode, not " + options.mode());
        }
        return connector.connectCluster(Objects.requireNonNull(codec, "codec"));
    }

    /**
     * A new connection to the master in {@code codec} that follows failovers like {@link #commands()},
     * telling {@code listener} about each physical connection (for {@code CLIENT TRACKING} set-up,
     * say). The caller closes it; {@link #close()} closes what remains.
     *
     * @throws IllegalStateException in CLUSTER mode, for a client made with {@link #createForNodes},
     *                               or once closed
     * @throws io.steward.StewardException as {@link #create(ClientOptions)} when no master can be reached
     */
    public <K, V> MasterConnection<K, V> connectMaster(
            RedisCodec<K, V> codec, MasterConnection.Listener<K, V> listener) {
        ensureOpen();
        ensureConnected();
        if (master == null) {
            throw new IllegalStateException(
                    "connectMaster is for STANDALONE and SENTINEL; use connectCluster in CLUSTER mode");
        }
        MasterConnectionHolder<K, V> holder = options.mode() == Mode.SENTINEL
                ? followMaster(
                        connector, Objects.requireNonNull(codec, "codec"), Objects.requireNonNull(listener, "listener"))
                : MasterConnectionHolder.standalone(
                        connector, codec, listener, options.endpoints().get(0));
        extraMasters.add(holder);
        return holder;
    }

    private static <K, V> MasterConnectionHolder<K, V> followMaster(
            NodeConnector connector, RedisCodec<K, V> codec, MasterConnection.Listener<K, V> listener) {
        ClientOptions options = connector.options();
        return MasterConnectionHolder.sentinel(connector, codec, listener, options.endpoints(), options.masterName());
    }

    /**
     * Lettuce's events (connections activated and deactivated, cluster topology changes, ...) for
     * every connection of this client.
     */
    public Flux<Event> events() {
        ensureOpen();
        return connector.resources().eventBus().get();
    }

    /**
     * The Lettuce resources (event loops, timers, reconnect back-off) every connection of this client
     * runs on: its own, or those given to {@link #create(ClientOptions, ClientResources)}. Other Lettuce
     * clients of the application (Spring Data Redis, say) may run on them too instead of starting
     * threads of their own. They must not shut them down: they stay usable until this client is
     * closed, when the client shuts down the resources it created.
     *
     * @throws IllegalStateException once closed
     */
    public ClientResources resources() {
        ensureOpen();
        return connector.resources();
    }

    /**
     * The Lettuce client options this client's own connections are made with (timeouts, TLS, behaviour
     * while disconnected, and in cluster mode a {@link io.lettuce.core.cluster.ClusterClientOptions} with
     * topology refresh), so that other Lettuce clients of the application (Spring Data Redis, say)
     * connect alike. Connections made with them reconnect by themselves.
     *
     * @throws IllegalStateException once closed
     */
    public io.lettuce.core.ClientOptions lettuceOptions() {
        ensureOpen();
        return connector.lettuceOptions();
    }

    /**
     * A new connection to one sentinel, authenticated with the client's user and password when the
     * sentinel has that ACL user and without credentials otherwise. The caller closes it.
     *
     * @throws AuthenticationFailedException when the sentinel rejects the credentials and requires some
     * @throws ConnectionFailedException     when the sentinel cannot be reached
     */
    public StatefulRedisSentinelConnection<String, String> connectSentinel(HostAndPort sentinel) {
        ensureOpen();
        return connector.connectSentinel(Objects.requireNonNull(sentinel, "sentinel"));
    }

    /**
     * A new publish/subscribe connection to one sentinel, authenticated like {@link #connectSentinel}.
     * It reconnects and resubscribes by itself after a broken link. The caller closes it.
     *
     * @throws AuthenticationFailedException when the sentinel rejects the credentials and requires some
     * @throws ConnectionFailedException     when the sentinel cannot be reached
     */
    public StatefulRedisPubSubConnection<String, String> connectSentinelPubSub(HostAndPort sentinel) {
        ensureOpen();
        return connector.connectSentinelPubSub(Objects.requireNonNull(sentinel, "sentinel"));
    }

    /**
     * Closes every connection this client opened, including those handed out by
     * {@link #connectNode} and {@link #connectSentinel}, and its own Lettuce resources. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            extraMasters.forEach(MasterConnectionHolder::close);
            if (master != null) {
                master.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            connector.close();
        }
    }

    private void ensureConnected() {
        if (master == null && cluster == null) {
            throw new IllegalStateException("this client was made with createForNodes: it has only node connections");
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the Steward client is closed");
        }
    }
}

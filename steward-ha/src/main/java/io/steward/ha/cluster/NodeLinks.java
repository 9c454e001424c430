package io.steward.ha.cluster;

import io.lettuce.core.MigrateArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.info.ClusterNode;
import java.nio.CharBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection per cluster node, as the configured (admin) user, opened on first use and closed
 * with this object; plus what {@code MIGRATE} needs to authenticate to the target. Not shared
 * between threads.
 */
final class NodeLinks implements AutoCloseable {

    private final StewardClient client;
    private final AuthConfig auth;
    private final Map<HostAndPort, StatefulRedisConnection<String, String>> connections = new ConcurrentHashMap<>();

    NodeLinks(StewardClient client, AuthConfig auth) {
        this.client = client;
        this.auth = auth;
    }

    RedisCommands<String, String> on(HostAndPort node) {
        StatefulRedisConnection<String, String> c = connections.get(node);
        if (c == null || !c.isOpen()) {
            c = client.connectNode(node);
            connections.put(node, c);
        }
        return c.sync();
    }

    /** A command given as words (for {@link io.steward.provision.ClusterFormation}); a status or bulk reply. */
    String text(HostAndPort node, String... command) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        Arrays.stream(command).skip(1).forEach(args::add);
        return on(node).dispatch(CommandType.valueOf(command[0]), new StatusOutput<>(StringCodec.UTF8), args);
    }

    /** {@code CLUSTER NODES} of {@code node}, parsed. */
    List<ClusterNode> clusterNodes(HostAndPort node) {
        return ClusterNode.parse(on(node).clusterNodes());
    }

    /** The line {@code node} has about itself. */
    ClusterNode myself(HostAndPort node) {
        return clusterNodes(node).stream()
                .filter(ClusterNode::isMyself)
                .findFirst()
                .orElseThrow(() -> new ClusterAdminException(node + " answered CLUSTER NODES without a myself line"));
    }

    /**
     * {@code MIGRATE} of {@code keys} from {@code source} to {@code target}, authenticated as the
     * configured user; the password is read for the call and wiped after it.
     */
    String migrate(HostAndPort source, HostAndPort target, List<String> keys, long timeoutMillis) {
        MigrateArgs<String> args = MigrateArgs.Builder.keys(keys);
        char[] password = auth.hasPassword() ? auth.password() : null;
        try {
            if (password != null && auth.user().isPresent()) {
                args.auth2(auth.user().get(), CharBuffer.wrap(password));
            } else if (password != null) {
                args.auth(password);
            }
            return on(source).migrate(target.host(), target.port(), 0, timeoutMillis, args);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** Closes the connection to {@code node}, if any (it was shut down or reset). */
    void drop(HostAndPort node) {
        StatefulRedisConnection<String, String> c = connections.remove(node);
        if (c != null) {
            c.closeAsync();
        }
    }

    @Override
    public void close() {
        connections.values().forEach(StatefulRedisConnection::closeAsync);
        connections.clear();
    }
}

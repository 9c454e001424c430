package io.steward.bench;

import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.steward.HostAndPort;
import java.time.Duration;
import java.util.List;

/**
 * The peer: what a Lettuce user writes for Sentinel, {@code MasterReplica.connect} on a Sentinel
 * {@link RedisURI} with {@link ReadFrom#UPSTREAM} and Lettuce's defaults otherwise.
 */
final class LettucePeer implements AutoCloseable {

    static final String DESCRIPTION = "Lettuce MasterReplica.connect(client, StringCodec.UTF8, sentinelURI),"
            + " ReadFrom.UPSTREAM, Lettuce defaults otherwise";

    private final RedisClient client;
    private final StatefulRedisMasterReplicaConnection<String, String> connection;

    private LettucePeer(RedisClient client, StatefulRedisMasterReplicaConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    /**
     * @param commandTimeout the RedisURI timeout, which Lettuce applies to every command
     */
    static LettucePeer connect(
            List<HostAndPort> sentinels, String masterName, String user, char[] password, Duration commandTimeout) {
        RedisURI.Builder uri = RedisURI.builder()
                .withSentinelMasterId(masterName)
                .withAuthentication(user, password)
                .withTimeout(commandTimeout);
        for (HostAndPort sentinel : sentinels) {
            uri.withSentinel(RedisURI.Builder.redis(sentinel.host(), sentinel.port())
                    .withAuthentication(user, password)
                    .withTimeout(commandTimeout)
                    .build());
        }
        RedisClient client = RedisClient.create();
        try {
            StatefulRedisMasterReplicaConnection<String, String> connection =
                    MasterReplica.connect(client, StringCodec.UTF8, uri.build());
            connection.setReadFrom(ReadFrom.UPSTREAM);
            return new LettucePeer(client, connection);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    RedisCommands<String, String> commands() {
        return connection.sync();
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

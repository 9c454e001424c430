package io.steward.ops.health.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One connection per node and Sentinel, opened at first use and kept from check to check, so a
 * monitor that runs every few seconds does not open (and authenticate) a connection per server each
 * time. A connection that fails or times out is closed and opened again at its next use; an error
 * reply ({@code NOPERM}, say) leaves it open. The certificate a node presents is read at most once per
 * {@link #CERTIFICATE_RECHECK}, since reading it takes a TLS handshake of its own.
 */
final class PooledLinks implements ServerLinks {

    /** How long a node's presented certificate is reused before it is read again. */
    static final Duration CERTIFICATE_RECHECK = Duration.ofHours(1);

    private record Presented(X509Certificate certificate, Instant readAt) {}

    private final StewardClient client;
    private final Clock clock;
    private final Map<HostAndPort, StatefulRedisConnection<String, String>> nodes = new ConcurrentHashMap<>();
    private final Map<HostAndPort, StatefulRedisSentinelConnection<String, String>> sentinels =
            new ConcurrentHashMap<>();
    private final Map<HostAndPort, Presented> certificates = new ConcurrentHashMap<>();

    PooledLinks(StewardClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public <T> T onNode(HostAndPort node, Function<RedisCommands<String, String>, T> work) {
        return use(nodes, node, client::connectNode, connection -> work.apply(connection.sync()));
    }

    @Override
    public <T> T onSentinel(HostAndPort sentinel, Function<RedisSentinelCommands<String, String>, T> work) {
        return use(sentinels, sentinel, client::connectSentinel, connection -> work.apply(connection.sync()));
    }

    private static <C extends StatefulConnection<String, String>, T> T use(
            Map<HostAndPort, C> pool, HostAndPort server, Function<HostAndPort, C> connect, Function<C, T> work) {
        C connection = pool.computeIfAbsent(server, connect);
        try {
            return work.apply(connection);
        } catch (RedisCommandExecutionException e) {
            throw e; // the server answered: the connection is fine
        } catch (StewardException | RedisException e) {
            if (pool.remove(server, connection)) {
                connection.closeAsync();
            }
            throw e;
        }
    }

    @Override
    public X509Certificate presentedCertificate(HostAndPort node) throws IOException {
        Presented known = certificates.get(node);
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.readAt().plus(CERTIFICATE_RECHECK))) {
            return known.certificate();
        }
        X509Certificate certificate = CertificateReader.presentedBy(node, ShortLivedLinks.PEER_CERTIFICATE_TIMEOUT);
        certificates.put(node, new Presented(certificate, now));
        return certificate;
    }

    @Override
    public void close() {
        nodes.values().forEach(StatefulConnection::closeAsync);
        sentinels.values().forEach(StatefulConnection::closeAsync);
        nodes.clear();
        sentinels.clear();
    }
}

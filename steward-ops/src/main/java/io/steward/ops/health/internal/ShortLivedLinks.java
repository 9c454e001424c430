package io.steward.ops.health.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Function;

/** A connection per call, closed when the call returns: nothing is left open between checks. */
final class ShortLivedLinks implements ServerLinks {

    /** How long reading a server's certificate may take. */
    static final Duration PEER_CERTIFICATE_TIMEOUT = Duration.ofSeconds(2);

    private final StewardClient client;

    ShortLivedLinks(StewardClient client) {
        this.client = client;
    }

    @Override
    public <T> T onNode(HostAndPort node, Function<RedisCommands<String, String>, T> work) {
        try (StatefulRedisConnection<String, String> connection = client.connectNode(node)) {
            return work.apply(connection.sync());
        }
    }

    @Override
    public <T> T onSentinel(HostAndPort sentinel, Function<RedisSentinelCommands<String, String>, T> work) {
        try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(sentinel)) {
            return work.apply(connection.sync());
        }
    }

    @Override
    public X509Certificate presentedCertificate(HostAndPort node) throws IOException {
        return CertificateReader.presentedBy(node, PEER_CERTIFICATE_TIMEOUT);
    }

    @Override
    public void close() {
        // nothing is kept
    }
}

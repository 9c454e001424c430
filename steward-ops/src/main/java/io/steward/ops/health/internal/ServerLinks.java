package io.steward.ops.health.internal;

import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import io.steward.HostAndPort;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.function.Function;

/**
 * How {@link ProbingHealthMonitor} reaches a server: over a connection opened for the call
 * ({@link ShortLivedLinks}, for a one-off check) or over one kept from check to check
 * ({@link PooledLinks}, for the daemon). Implementations are thread-safe.
 */
interface ServerLinks extends AutoCloseable {

    /**
     * Runs {@code work} with synchronous commands on {@code node}.
     *
     * @throws io.steward.StewardException          when the node cannot be reached or rejects the credentials
     * @throws io.lettuce.core.RedisException when a command fails
     */
    <T> T onNode(HostAndPort node, Function<RedisCommands<String, String>, T> work);

    /** As {@link #onNode} for a Sentinel. */
    <T> T onSentinel(HostAndPort sentinel, Function<RedisSentinelCommands<String, String>, T> work);

    /**
     * The leaf certificate {@code node} presents in a TLS handshake.
     *
     * @throws IOException when the node cannot be reached or presents none
     */
    X509Certificate presentedCertificate(HostAndPort node) throws IOException;

    /** Closes the connections kept, if any. */
    @Override
    void close();
}

package io.steward.client.internal;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** Translates {@link ClientOptions} into Lettuce's resources, options and URIs. */
final class LettuceSettings {

    private static final Duration MIN_RECONNECT_DELAY = Duration.ofMillis(10);
    private static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);

    private LettuceSettings() {}

    /**
     * Event loops and timers shared by every connection of one client. Each connection's pipeline starts with Netty's
     * {@link FlushConsolidationHandler}: the flushes of commands sent from many threads at once go out in one write
     * instead of one system call each. In {@code steward bench cache} (16 threads on one connection) this took
     * Steward's Redis-only path from raw Lettuce's throughput to a median 1.28 times it; a lone command waits one
     * event-loop task longer.
     */
    static ClientResources resources(ClientOptions options) {
        return DefaultClientResources.builder()
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        channel.pipeline()
                                .addFirst(new FlushConsolidationHandler(
                                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
                    }
                })
                .reconnectDelay(
                        Delay.exponential(MIN_RECONNECT_DELAY, options.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
                .build();
    }

    /**
     * Lettuce options for connections to one node. Commands are rejected at once while disconnected
     * rather than queued, so callers fail fast during an outage.
     *
     * @param autoReconnect whether Lettuce reconnects by itself; off for master connections, whose
     *                      in-flight writes must fail rather than be replayed on a node that may
     *                      have become a replica
     */
    static io.lettuce.core.ClientOptions nodeOptions(ClientOptions options, boolean autoReconnect) {
        io.lettuce.core.ClientOptions.Builder builder = io.lettuce.core.ClientOptions.builder();
        apply(options, builder, autoReconnect);
        return builder.build();
    }

    /** Lettuce options for a cluster: auto-reconnect, and topology refresh on redirects and periodically. */
    static ClusterClientOptions clusterOptions(ClientOptions options) {
        ClusterClientOptions.Builder builder = ClusterClientOptions.builder();
        apply(options, builder, true);
        return builder.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(CLUSTER_REFRESH_PERIOD)
                        .build())
                .build();
    }

    private static void apply(
            ClientOptions options, io.lettuce.core.ClientOptions.Builder builder, boolean autoReconnect) {
        builder.autoReconnect(autoReconnect)
                .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(options.requestQueueSize())
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(options.connectTimeout())
                        .keepAlive(options.keepAlive())
                        .tcpNoDelay(options.tcpNoDelay())
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()));
        if (options.tls() != null) {
            builder.sslOptions(sslOptions(options.tls(), options.connectTimeout()));
        }
    }

    private static SslOptions sslOptions(TlsOptions tls, Duration handshakeTimeout) {
        SslOptions.Builder builder = SslOptions.builder()
                .jdkSslProvider()
                .handshakeTimeout(handshakeTimeout)
                .trustManager(readable(tls.caFile(), "tls.caFile").toFile());
        if (tls.hasClientCertificate()) {
            builder.keyManager(
                    readable(tls.certFile(), "tls.certFile").toFile(),
                    readable(tls.keyFile(), "tls.keyFile").toFile(),
                    null);
        }
        return builder.build();
    }

    private static Path readable(Path file, String field) {
        if (!Files.isReadable(file)) {
            throw new ConfigException(field, "cannot read " + file + "; check the path and its permissions");
        }
        return file;
    }

    /** A URI for {@code node} with the configured user, password, TLS, timeout and client name. */
    static RedisURI uri(ClientOptions options, HostAndPort node) {
        return uri(options, node, true);
    }

    /**
     * A URI for {@code node}.
     *
     * @param authenticate whether to send the configured user and password; sentinels without ACL
     *                     users are reached with {@code false}
     */
    static RedisURI uri(ClientOptions options, HostAndPort node, boolean authenticate) {
        RedisURI.Builder builder =
                RedisURI.builder().withHost(node.host()).withPort(node.port()).withTimeout(options.commandTimeout());
        if (authenticate && options.hasPassword()) {
            char[] password = options.password();
            try {
                if (options.username() != null) {
                    builder.withAuthentication(options.username(), password);
                } else {
                    builder.withPassword(password);
                }
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        if (options.tls() != null) {
            builder.withSsl(true).withVerifyPeer(SslVerifyMode.FULL);
        }
        if (options.clientName() != null) {
            builder.withClientName(options.clientName());
        }
        return builder.build();
    }
}

package io.steward.provision.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.steward.HostAndPort;
import io.steward.provision.tls.TlsFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived admin commands to local nodes and Sentinels, as the {@code admin} ACL user. One
 * cached connection per endpoint; a connection that fails is closed and dropped, so a dead node
 * never queues commands. Thread-safe.
 */
public final class AdminLink implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);

    private final RedisClient client;
    private final String user;
    private final char[] password;
    private final boolean tls;
    private final Map<HostAndPort, StatefulRedisConnection<String, String>> connections = new ConcurrentHashMap<>();

    public AdminLink(String user, char[] password, TlsFiles tlsFiles) {
        this.user = user;
        this.password = password.clone();
        this.tls = tlsFiles != null;
        this.client = RedisClient.create();
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(
                        SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build());
        if (tlsFiles != null) {
            options.sslOptions(SslOptions.builder()
                    .jdkSslProvider()
                    .trustManager(tlsFiles.ca().toFile())
                    .keyManager(
                            tlsFiles.clientCert().toFile(), tlsFiles.clientKey().toFile(), null)
                    .build());
        }
        client.setOptions(options.build());
    }

    /** Runs a command whose reply is a status or bulk string (INFO, PING, CLUSTER NODES, ...). */
    public String text(HostAndPort node, String... command) {
        return run(node, command, new StatusOutput<>(StringCodec.UTF8));
    }

    /** Runs a command whose reply is an array (ROLE, SENTINEL MASTER, ...), nested as lists. */
    public List<Object> list(HostAndPort node, String... command) {
        return run(node, command, new ArrayOutput<>(StringCodec.UTF8));
    }

    /**
     * The role {@code node} reports: {@code master}, {@code replica} (which {@code ROLE} still calls
     * {@code slave}) or {@code sentinel}; {@code down} when it does not answer.
     */
    public String role(HostAndPort node) {
        String role;
        try {
            role = String.valueOf(list(node, "ROLE").get(0));
        } catch (RuntimeException e) {
            return "down";
        }
        return "slave".equals(role) ? "replica" : role;
    }

    private <T> T run(
            HostAndPort node, String[] command, io.lettuce.core.output.CommandOutput<String, String, T> output) {
        StatefulRedisConnection<String, String> connection = connection(node);
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        Arrays.stream(command).skip(1).forEach(args::add);
        try {
            return connection.sync().dispatch(keyword(command[0]), output, args);
        } catch (RuntimeException e) {
            if (!(e instanceof io.lettuce.core.RedisCommandExecutionException)) {
                drop(node);
            }
            throw e;
        }
    }

    private StatefulRedisConnection<String, String> connection(HostAndPort node) {
        StatefulRedisConnection<String, String> existing = connections.get(node);
        if (existing != null && existing.isOpen()) {
            return existing;
        }
        drop(node);
        RedisURI uri = RedisURI.builder()
                .withHost(node.host())
                .withPort(node.port())
                .withSsl(tls)
                .withAuthentication(user, password)
                .withTimeout(COMMAND_TIMEOUT)
                .build();
        StatefulRedisConnection<String, String> connection = client.connect(uri);
        connections.put(node, connection);
        return connection;
    }

    /** Closes the cached connection to {@code node}, if any. */
    public void drop(HostAndPort node) {
        StatefulRedisConnection<String, String> old = connections.remove(node);
        if (old != null) {
            old.closeAsync();
        }
    }

    private static ProtocolKeyword keyword(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        return new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return bytes;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Override
    public void close() {
        connections.values().forEach(StatefulRedisConnection::close);
        connections.clear();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        Arrays.fill(password, '\0');
    }
}

package io.steward.provision.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real redis-server with {@code tls-auth-clients yes} judges the material end to end. */
class RedisTlsOracleTest {

    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    private static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");

    @TempDir
    Path tmp;

    private TlsFiles files;
    private Process redis;
    private int port;

    @BeforeEach
    void startRedis() throws IOException {
        assumeTrue(Command.installed(REDIS_SERVER) && Command.installed(REDIS_CLI), "redis-server 7 is not installed");
        files = CertificateAuthority.generate(
                tmp.resolve("tls"),
                List.of("localhost"),
                List.of("127.0.0.1", "::1"),
                Duration.ofDays(1),
                Clock.systemUTC(),
                new SecureRandom());
        port = freePort();
        Path log = tmp.resolve("redis.log");
        redis = new ProcessBuilder(
                        REDIS_SERVER.toString(),
                        "--port",
                        "0",
                        "--tls-port",
                        String.valueOf(port),
                        "--tls-cert-file",
                        files.serverCert().toString(),
                        "--tls-key-file",
                        files.serverKey().toString(),
                        "--tls-ca-cert-file",
                        files.ca().toString(),
                        "--tls-auth-clients",
                        "yes",
                        "--bind",
                        "127.0.0.1",
                        "-::1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        tmp.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await("redis-server answering over TLS, log " + log)
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> !redis.isAlive()
                        || ping(files.clientCert(), files.clientKey()).contains("PONG"));
        assertThat(redis.isAlive()).as(Files.readString(log)).isTrue();
    }

    @AfterEach
    void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void shouldAnswerRedisCliWhenItPresentsClientCertificate() throws Exception {
        assertThat(ping(files.clientCert(), files.clientKey())).isEqualTo("PONG\n");
    }

    @Test
    void shouldAnswerWhenServerCertificateActsAsClientLikeReplicaOrSentinel() throws Exception {
        assertThat(ping(files.serverCert(), files.serverKey())).isEqualTo("PONG\n");
    }

    @Test
    void shouldRefuseRedisCliWhenItPresentsNoCertificate() throws Exception {
        Command.Result result =
                Command.run(REDIS_CLI, "--tls", "--cacert", files.ca(), "-h", "127.0.0.1", "-p", port, "PING");

        assertThat(result.output()).doesNotContain("PONG");
    }

    @Test
    void shouldAnswerLettuceWhenItVerifiesHostnameAndPresentsClientCertificate() {
        SslOptions ssl = SslOptions.builder()
                .jdkSslProvider()
                .trustManager(files.ca().toFile())
                .keyManager(files.clientCert().toFile(), files.clientKey().toFile(), null)
                .build();
        RedisURI uri = RedisURI.builder()
                .withHost("localhost")
                .withPort(port)
                .withSsl(true)
                .withVerifyPeer(SslVerifyMode.FULL)
                .withTimeout(Duration.ofSeconds(10))
                .build();
        RedisClient client = RedisClient.create(uri);
        try {
            client.setOptions(ClientOptions.builder().sslOptions(ssl).build());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }

    private String ping(Path certificate, Path key) throws IOException, InterruptedException {
        return Command.run(
                        REDIS_CLI,
                        "--tls",
                        "--cacert",
                        files.ca(),
                        "--cert",
                        certificate,
                        "--key",
                        key,
                        "-h",
                        "127.0.0.1",
                        "-p",
                        port,
                        "PING")
                .output();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

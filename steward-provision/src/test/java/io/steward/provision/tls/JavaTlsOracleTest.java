package io.steward.provision.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK's TLS stack (PKIX trust and key managers, which check key usages) and Netty's PEM
 * loading (what Lettuce uses) are the judges of whether Java clients can use the material.
 */
class JavaTlsOracleTest {

    private static final char[] STORE_PASSWORD = "unused".toCharArray();

    @TempDir
    Path tmp;

    private TlsFiles files;
    private ExecutorService serverThread;

    @BeforeEach
    void generate() {
        files = CertificateAuthority.generate(
                tmp,
                List.of("localhost"),
                List.of("127.0.0.1", "::1"),
                Duration.ofDays(1),
                Clock.systemUTC(),
                new SecureRandom());
        serverThread = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stopServerThread() throws InterruptedException {
        serverThread.shutdownNow();
        assertThat(serverThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void shouldCompleteMutualTlsWithHostnameCheckWhenClientUsesClientCertificate(String host) throws Exception {
        String peer = handshake(host, files.clientCert(), files.clientKey());

        assertThat(peer).isEqualTo("CN=steward-client");
    }

    @Test
    void shouldCompleteMutualTlsWhenServerCertificateActsAsClientLikeRedisReplication() throws Exception {
        String peer = handshake("localhost", files.serverCert(), files.serverKey());

        assertThat(peer).isEqualTo("CN=steward-server");
    }

    @Test
    void shouldFailHostnameCheckWhenNameIsNotInCertificate() {
        assertThatThrownBy(() -> handshake("redis.example.com", files.clientCert(), files.clientKey()))
                .isInstanceOf(SSLException.class)
                .hasMessageContaining("redis.example.com");
    }

    @Test
    void shouldBuildNettyContextsFromPemFilesWhenGenerated() throws SSLException {
        SslContext client = SslContextBuilder.forClient()
                .keyManager(files.clientCert().toFile(), files.clientKey().toFile())
                .trustManager(files.ca().toFile())
                .build();
        SslContext server = SslContextBuilder.forServer(
                        files.serverCert().toFile(), files.serverKey().toFile())
                .trustManager(files.ca().toFile())
                .clientAuth(ClientAuth.REQUIRE)
                .build();

        assertThat(client.isClient()).isTrue();
        assertThat(server.isServer()).isTrue();
    }

    /** Connects to {@code host} over loopback and returns the client identity the server saw. */
    private String handshake(String host, Path clientCert, Path clientKey) throws Exception {
        SSLContext serverContext = context(files.serverCert(), files.serverKey());
        SSLContext clientContext = context(clientCert, clientKey);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SSLServerSocket server =
                (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            server.setNeedClientAuth(true);
            Future<String> peer = serverThread.submit(() -> echoOnce(server));
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(loopback, server.getLocalPort()), 10_000);
                plain.setSoTimeout(10_000);
                try (SSLSocket client = (SSLSocket)
                        clientContext.getSocketFactory().createSocket(plain, host, server.getLocalPort(), false)) {
                    SSLParameters parameters = client.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    client.setSSLParameters(parameters);
                    client.getOutputStream().write(42);
                    client.getOutputStream().flush();
                    assertThat(client.getInputStream().read()).isEqualTo(42);
                }
            }
            return peer.get(10, TimeUnit.SECONDS);
        }
    }

    private static String echoOnce(SSLServerSocket server) throws IOException {
        try (SSLSocket connection = (SSLSocket) server.accept()) {
            connection.setSoTimeout(10_000);
            connection.getOutputStream().write(connection.getInputStream().read());
            connection.getOutputStream().flush();
            return connection.getSession().getPeerPrincipal().getName();
        }
    }

    /** An SSLContext whose identity is the given PEM pair and which trusts only the generated CA. */
    private SSLContext context(Path certificate, Path key) throws Exception {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("identity", Pem.ecPrivateKey(key), STORE_PASSWORD, new Certificate[] {
            Pem.certificate(certificate), Pem.certificate(files.ca())
        });
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(identity, STORE_PASSWORD);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", Pem.certificate(files.ca()));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trusted);

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
        return context;
    }
}

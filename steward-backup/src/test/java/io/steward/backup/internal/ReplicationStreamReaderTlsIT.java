package io.steward.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.ConnectionFailedException;
import io.steward.provision.LocalTopology;
import io.steward.provision.tls.TlsFiles;
import io.steward.test.RedisTopology;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RedisTopology(tls = true)
class ReplicationStreamReaderTlsIT {

    @TempDir
    Path dir;

    @Test
    void streamsAnRdbOverTlsWithAClientCertificate(LocalTopology topology) throws Exception {
        TlsFiles tls = topology.tls().orElseThrow();
        fill(topology, tls);
        Path rdb = dir.resolve("dump.rdb");
        ReplicationStreamReader reader = ReplicationStreamReader.builder(topology.master())
                .user("backup")
                .tls(PemSslContext.create(tls.ca(), tls.clientCert(), tls.clientKey()))
                .build();

        RdbTransfer transfer;
        try (OutputStream out = Files.newOutputStream(rdb)) {
            transfer = reader.transfer(topology.password("backup"), out);
        }

        assertThat(transfer.diskless()).isTrue();
        ReplicationStreamReaderIT.assertValidRdb(rdb, transfer);
    }

    @Test
    void failsTheConnectionWhenTheServerWantsAClientCertificateAndGetsNone(LocalTopology topology) {
        TlsFiles tls = topology.tls().orElseThrow();
        ReplicationStreamReader reader = ReplicationStreamReader.builder(topology.master())
                .user("backup")
                .tls(PemSslContext.create(tls.ca(), null, null))
                .build();

        assertThatThrownBy(() -> reader.transfer(topology.password("backup"), OutputStream.nullOutputStream()))
                .isInstanceOf(ConnectionFailedException.class);
    }

    @Test
    void refusesAServerWhoseCertificateIsNotSignedByTheGivenCa(LocalTopology topology) {
        TlsFiles tls = topology.tls().orElseThrow();
        // The client certificate is no CA: trusting only it, the server's chain cannot be built.
        ReplicationStreamReader reader = ReplicationStreamReader.builder(topology.master())
                .user("backup")
                .tls(PemSslContext.create(tls.clientCert(), tls.clientCert(), tls.clientKey()))
                .build();

        assertThatThrownBy(() -> reader.transfer(topology.password("backup"), OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(ConnectionFailedException.Reason.TLS_HANDSHAKE));
    }

    private static void fill(LocalTopology topology, TlsFiles tls) {
        RedisURI uri = RedisURI.builder()
                .withHost(topology.master().host())
                .withPort(topology.master().port())
                .withSsl(true)
                .withAuthentication("admin", topology.password("admin"))
                .build();
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .sslOptions(SslOptions.builder()
                        .trustManager(tls.ca().toFile())
                        .keyManager(tls.clientCert().toFile(), tls.clientKey().toFile(), null)
                        .build())
                .build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (int i = 0; i < 20_000; i++) {
                connection.async().set("key:" + i, "value " + i);
            }
            connection.sync().set("big", ReplicationStreamReaderIT.incompressible(2 << 20));
        } finally {
            client.shutdown();
        }
    }
}

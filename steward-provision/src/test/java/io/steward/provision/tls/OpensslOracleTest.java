package io.steward.provision.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSL, which redis-server links, is the judge of whether the generated material is usable. */
class OpensslOracleTest {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @TempDir
    Path tmp;

    private TlsFiles files;

    @BeforeEach
    void generate() {
        assumeTrue(Command.installed(OPENSSL), OPENSSL + " is not installed");
        files = CertificateAuthority.generate(
                tmp,
                List.of("localhost"),
                List.of("127.0.0.1", "::1"),
                Duration.ofDays(1),
                Clock.systemUTC(),
                new SecureRandom());
    }

    @Test
    void shouldVerifyServerCertificateForServerAndClientUseWhenGenerated() throws Exception {
        for (String purpose : List.of("sslserver", "sslclient")) {
            Command.Result result = verify(purpose, files.serverCert());
            assertThat(result.succeeded()).as(purpose + ": " + result.output()).isTrue();
            assertThat(result.output()).isEqualTo(files.serverCert() + ": OK\n");
        }
    }

    @Test
    void shouldVerifyClientCertificateForClientUseOnlyWhenGenerated() throws Exception {
        Command.Result asClient = verify("sslclient", files.clientCert());
        assertThat(asClient.succeeded()).as(asClient.output()).isTrue();

        Command.Result asServer = verify("sslserver", files.clientCert());
        assertThat(asServer.succeeded()).as(asServer.output()).isFalse();
        assertThat(asServer.output()).contains("certificate purpose");
    }

    @Test
    void shouldLoadEveryPrivateKeyWhenGenerated() throws Exception {
        for (Path key : List.of(files.caKey(), files.serverKey(), files.clientKey())) {
            Command.Result result = Command.run(OPENSSL, "pkey", "-in", key, "-noout");
            assertThat(result.succeeded()).as(key + ": " + result.output()).isTrue();
        }
    }

    @Test
    void shouldPairEachKeyWithItsCertificateWhenGenerated() throws Exception {
        assertPair(files.ca(), files.caKey());
        assertPair(files.serverCert(), files.serverKey());
        assertPair(files.clientCert(), files.clientKey());
    }

    private Command.Result verify(String purpose, Path certificate) throws Exception {
        return Command.run(OPENSSL, "verify", "-x509_strict", "-purpose", purpose, "-CAfile", files.ca(), certificate);
    }

    private static void assertPair(Path certificate, Path key) throws Exception {
        Command.Result fromCertificate = Command.run(OPENSSL, "x509", "-in", certificate, "-noout", "-pubkey");
        Command.Result fromKey = Command.run(OPENSSL, "pkey", "-in", key, "-pubout");
        assertThat(fromCertificate.succeeded()).as(fromCertificate.output()).isTrue();
        assertThat(fromKey.output())
                .as(key + " belongs to " + certificate)
                .isEqualTo(fromCertificate.output())
                .startsWith("-----BEGIN PUBLIC KEY-----");
    }
}

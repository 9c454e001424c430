package io.steward.provision.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.StewardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateInfoTest {

    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    @TempDir
    Path tmp;

    @Test
    void shouldDescribeServerCertificateWhenRead() {
        TlsFiles files = CertificateAuthority.generate(
                tmp,
                List.of("localhost"),
                List.of("127.0.0.1", "::1"),
                Duration.ofDays(30),
                Clock.fixed(NOW, ZoneOffset.UTC),
                new SecureRandom());

        CertificateInfo info = CertificateInfo.read(files.serverCert());

        assertThat(info.subject()).isEqualTo("CN=steward-server");
        assertThat(info.issuer()).isEqualTo("CN=Steward local CA");
        assertThat(info.notBefore()).isEqualTo(NOW);
        assertThat(info.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(info.dnsNames()).containsExactly("localhost");
        assertThat(info.ipAddresses()).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void shouldReportNoNamesWhenCertificateHasNoSubjectAltNames() {
        TlsFiles files = CertificateAuthority.generate(
                tmp,
                List.of("localhost"),
                List.of(),
                Duration.ofDays(1),
                Clock.fixed(NOW, ZoneOffset.UTC),
                new SecureRandom());

        CertificateInfo ca = CertificateInfo.read(files.ca());

        assertThat(ca.subject()).isEqualTo(ca.issuer()).isEqualTo("CN=Steward local CA");
        assertThat(ca.dnsNames()).isEmpty();
        assertThat(ca.ipAddresses()).isEmpty();
    }

    @Test
    void shouldFailNamingFileWhenItIsMissing() {
        Path missing = tmp.resolve("missing.crt");

        assertThatThrownBy(() -> CertificateInfo.read(missing))
                .isInstanceOf(StewardException.class)
                .hasMessage("certificate file " + missing + " does not exist");
    }

    @Test
    void shouldFailNamingFileWhenItHoldsAKeyInsteadOfCertificate() throws IOException {
        TlsFiles files = CertificateAuthority.generate(
                tmp, List.of("localhost"), List.of(), Duration.ofDays(1), Clock.systemUTC(), new SecureRandom());
        Path notACertificate = tmp.resolve("notes.txt");
        Files.writeString(notACertificate, "hello");

        for (Path file : List.of(files.serverKey(), notACertificate)) {
            assertThatThrownBy(() -> CertificateInfo.read(file))
                    .isInstanceOf(StewardException.class)
                    .hasMessageStartingWith(file + " does not hold a PEM or DER X.509 certificate");
        }
    }
}

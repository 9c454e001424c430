package io.steward.provision.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import io.steward.StewardException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;

    /** A moment far from the real clock, with sub-second digits X.509 cannot hold. */
    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09.123456Z");

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration VALIDITY = Duration.ofDays(90);

    @TempDir
    Path tmp;

    private TlsFiles generate(Path dir) {
        return CertificateAuthority.generate(
                dir,
                List.of("localhost", "redis.internal"),
                List.of("127.0.0.1", "::1"),
                VALIDITY,
                CLOCK,
                new SecureRandom());
    }

    @Test
    void shouldBuildChainThatJdkPkixValidatesWhenGenerated() throws Exception {
        TlsFiles files = generate(tmp);
        X509Certificate ca = Pem.certificate(files.ca());

        for (Path leaf : List.of(files.serverCert(), files.clientCert())) {
            X509Certificate certificate = Pem.certificate(leaf);
            certificate.verify(ca.getPublicKey());
            validatePkix(ca, certificate, NOW);
        }
        ca.verify(ca.getPublicKey());
    }

    @Test
    void shouldStartValidityAtInjectedClockWhenGenerated() throws Exception {
        TlsFiles files = generate(tmp);
        Instant notBefore = Instant.parse("2031-05-06T07:08:09Z");

        for (Path file : List.of(files.ca(), files.serverCert(), files.clientCert())) {
            X509Certificate certificate = Pem.certificate(file);
            assertThat(certificate.getNotBefore().toInstant()).isEqualTo(notBefore);
            assertThat(certificate.getNotAfter().toInstant()).isEqualTo(notBefore.plus(VALIDITY));
        }
        X509Certificate ca = Pem.certificate(files.ca());
        X509Certificate server = Pem.certificate(files.serverCert());
        assertThatThrownBy(() -> validatePkix(ca, server, notBefore.minusSeconds(1)))
                .isInstanceOf(CertPathValidatorException.class);
        assertThatThrownBy(
                        () -> validatePkix(ca, server, notBefore.plus(VALIDITY).plusSeconds(1)))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void shouldMakeCaSignOnlyCertificatesWhenGenerated() throws Exception {
        X509Certificate ca = Pem.certificate(generate(tmp).ca());

        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Steward local CA");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(ca.getBasicConstraints()).as("CA:TRUE with path length 0").isZero();
        assertThat(ca.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
        assertThat(ca.getKeyUsage()[DIGITAL_SIGNATURE]).isFalse();
        assertThat(ca.getCriticalExtensionOIDs()).contains(KEY_USAGE, BASIC_CONSTRAINTS);
    }

    @Test
    void shouldAllowServerAndClientAuthWhenServerCertificateGenerated() throws Exception {
        X509Certificate server = Pem.certificate(generate(tmp).serverCert());

        assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=steward-server");
        assertThat(server.getIssuerX500Principal().getName()).isEqualTo("CN=Steward local CA");
        assertThat(server.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(server.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(server.getKeyUsage()[KEY_CERT_SIGN]).isFalse();
    }

    @Test
    void shouldAllowOnlyClientAuthWhenClientCertificateGenerated() throws Exception {
        X509Certificate client = Pem.certificate(generate(tmp).clientCert());

        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=steward-client");
        assertThat(client.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(client.getBasicConstraints()).isEqualTo(-1);
        assertThat(client.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(client.getSubjectAlternativeNames()).isNull();
    }

    @Test
    void shouldPutDnsNamesAndIpAddressesInServerSanWhenGiven() throws Exception {
        X509Certificate server = Pem.certificate(generate(tmp).serverCert());

        assertThat(server.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "localhost"), List.of(2, "redis.internal"),
                        List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void shouldUseP256KeysAndEcdsaSha256WithDistinctSerialsWhenGenerated() throws Exception {
        TlsFiles files = generate(tmp);
        List<X509Certificate> certificates = List.of(
                Pem.certificate(files.ca()), Pem.certificate(files.serverCert()), Pem.certificate(files.clientCert()));

        for (X509Certificate certificate : certificates) {
            assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(((ECPublicKey) certificate.getPublicKey())
                            .getParams()
                            .getCurve()
                            .getField()
                            .getFieldSize())
                    .isEqualTo(256);
            assertThat(certificate.getSerialNumber()).isPositive();
            assertThat(certificate.getSerialNumber().bitLength()).isLessThanOrEqualTo(160);
        }
        assertThat(certificates.stream().map(X509Certificate::getSerialNumber).distinct())
                .hasSize(3);
    }

    @Test
    void shouldWriteKeysThatMatchTheirCertificatesWhenGenerated() throws Exception {
        TlsFiles files = generate(tmp);

        assertKeyMatches(files.ca(), files.caKey());
        assertKeyMatches(files.serverCert(), files.serverKey());
        assertKeyMatches(files.clientCert(), files.clientKey());
        assertThat(Files.readString(files.serverKey())).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(files.serverCert())).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void shouldMakeKeysOwnerOnlyAndCertificatesWorldReadableWhenGenerated() throws IOException {
        Path dir = tmp.resolve("new/tls");
        TlsFiles files = generate(dir);

        assertThat(permissions(dir)).isEqualTo("rwx------");
        for (Path key : List.of(files.caKey(), files.serverKey(), files.clientKey())) {
            assertThat(permissions(key)).as(key.toString()).isEqualTo("rw-------");
        }
        for (Path certificate : List.of(files.ca(), files.serverCert(), files.clientCert())) {
            assertThat(permissions(certificate)).as(certificate.toString()).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void shouldKeepPermissionsOfExistingDirectoryWhenGenerating() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-x---"));

        generate(tmp);

        assertThat(permissions(tmp)).isEqualTo("rwxr-x---");
    }

    @Test
    void shouldRefuseToOverwriteWhenAnyFileExists() throws IOException {
        TlsFiles files = TlsFiles.in(tmp);
        Files.writeString(files.serverKey(), "keep me");

        assertThatThrownBy(() -> generate(tmp))
                .isExactlyInstanceOf(StewardException.class)
                .hasMessageContaining(tmp.toString())
                .hasMessageContaining("(server.key)")
                .hasMessageContaining("TlsFiles.in(dir).exist()");
        assertThat(Files.readString(files.serverKey())).isEqualTo("keep me");
        assertThat(files.all()).filteredOn(Files::exists).containsExactly(files.serverKey());
    }

    @Test
    void shouldRefuseWhenKeyPathIsDanglingSymbolicLink() throws IOException {
        TlsFiles files = TlsFiles.in(tmp.resolve("tls"));
        Files.createDirectories(tmp.resolve("tls"));
        Path target = tmp.resolve("elsewhere.key");
        Files.createSymbolicLink(files.caKey(), target);

        assertThatThrownBy(() -> generate(tmp.resolve("tls"))).hasMessageContaining("(ca.key)");
        assertThat(target).doesNotExist();
    }

    @Test
    void shouldRefuseSecondGenerationWhenFirstSucceeded() throws IOException {
        TlsFiles files = generate(tmp);
        String ca = Files.readString(files.ca());

        assertThatThrownBy(() -> generate(tmp))
                .hasMessageContaining("ca.crt, ca.key, server.crt, server.key, client.crt, client.key");
        assertThat(Files.readString(files.ca())).isEqualTo(ca);
    }

    @Test
    void shouldRejectBadNamesBeforeTouchingDiskWhenGenerating() {
        Path dir = tmp.resolve("tls");
        SecureRandom random = new SecureRandom();

        assertThatThrownBy(() -> CertificateAuthority.generate(dir, List.of(), List.of(), VALIDITY, CLOCK, random))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least one DNS name or IP address");
        assertThatThrownBy(() ->
                        CertificateAuthority.generate(dir, List.of(), List.of("localhost"), VALIDITY, CLOCK, random))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ipAddresses: 'localhost'");
        assertThatThrownBy(() ->
                        CertificateAuthority.generate(dir, List.of(), List.of("127.0.0.256"), VALIDITY, CLOCK, random))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ipAddresses:");
        assertThatThrownBy(() ->
                        CertificateAuthority.generate(dir, List.of("bad name"), List.of(), VALIDITY, CLOCK, random))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("dnsNames: 'bad name'");
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldRejectValidityX509CannotExpressWhenGenerating() {
        Path dir = tmp.resolve("tls");
        SecureRandom random = new SecureRandom();
        List<String> names = List.of("localhost");

        for (Duration validity : List.of(
                Duration.ZERO,
                Duration.ofMillis(999),
                Duration.ofDays(-1),
                Duration.ofDays(3_000_000),
                Duration.ofSeconds(Long.MAX_VALUE))) {
            assertThatThrownBy(() -> CertificateAuthority.generate(dir, names, List.of(), validity, CLOCK, random))
                    .as(validity.toString())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("validity:");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldAcceptWildcardAndIpOnlyNamesWhenGenerating() throws Exception {
        TlsFiles files = CertificateAuthority.generate(
                tmp, List.of("*.redis.internal"), List.of(), VALIDITY, CLOCK, new SecureRandom());
        assertThat(Pem.certificate(files.serverCert()).getSubjectAlternativeNames())
                .containsExactly(List.of(2, "*.redis.internal"));

        TlsFiles ipOnly = CertificateAuthority.generate(
                tmp.resolve("ip"), List.of(), List.of("10.0.0.7"), VALIDITY, CLOCK, new SecureRandom());
        assertThat(Pem.certificate(ipOnly.serverCert()).getSubjectAlternativeNames())
                .containsExactly(List.of(7, "10.0.0.7"));
    }

    private static void validatePkix(X509Certificate ca, X509Certificate leaf, Instant at)
            throws GeneralSecurityException {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static void assertKeyMatches(Path certificateFile, Path keyFile) throws Exception {
        byte[] challenge = new BigInteger(128, new SecureRandom()).toByteArray();
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(Pem.ecPrivateKey(keyFile));
        signer.update(challenge);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(Pem.certificate(certificateFile).getPublicKey());
        verifier.update(challenge);
        assertThat(verifier.verify(signature))
                .as(keyFile + " signs for " + certificateFile)
                .isTrue();
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}

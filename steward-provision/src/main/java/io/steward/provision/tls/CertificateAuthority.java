package io.steward.provision.tls;

import io.steward.ConfigException;
import io.steward.StewardException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.IPAddress;

/**
 * Generates a private certificate authority and the certificates a TLS-enabled Redis deployment
 * needs, with EC P-256 keys and {@code SHA256withECDSA} signatures:
 *
 * <ul>
 *   <li>the CA, subject {@value #CA_COMMON_NAME}: basic constraints {@code CA:TRUE, pathlen:0},
 *       key usage {@code keyCertSign, cRLSign};
 *   <li>the server certificate, subject {@value #SERVER_COMMON_NAME}: the given DNS names and IP
 *       addresses as subject alternative names, key usage {@code digitalSignature}, extended key
 *       usage {@code serverAuth} <em>and</em> {@code clientAuth}, because Redis presents it as a
 *       client certificate on replication links, the cluster bus and Sentinel connections;
 *   <li>the client certificate, subject {@value #CLIENT_COMMON_NAME}: key usage
 *       {@code digitalSignature}, extended key usage {@code clientAuth}.
 * </ul>
 *
 * <p>Thread-safe: it has no state. Concurrent calls for the same directory do not corrupt each
 * other; all but one fail because the files exist.
 */
public final class CertificateAuthority {

    /** Common name of the generated CA certificate. */
    public static final String CA_COMMON_NAME = "Steward local CA";
    /** Common name of the generated server certificate; clients check the alternative names instead. */
    public static final String SERVER_COMMON_NAME = "steward-server";
    /** Common name of the generated client certificate. */
    public static final String CLIENT_COMMON_NAME = "steward-client";

    /** The latest instant X.509 can express (GeneralizedTime 99991231235959Z). */
    private static final Instant LATEST_NOT_AFTER = Instant.parse("9999-12-31T23:59:59Z");

    /** Letters, digits, hyphen, dot, underscore and a leading wildcard label; IA5 by construction. */
    private static final Pattern DNS_NAME = Pattern.compile("(\\*\\.)?[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");

    private CertificateAuthority() {}

    /**
     * Generates a CA, a server certificate and a client certificate and writes them to
     * {@link TlsFiles#in(Path) TlsFiles.in(dir)}.
     *
     * <p>All three certificates are valid from {@code clock.instant()} truncated to whole seconds
     * until that instant plus {@code validity} (also truncated to whole seconds). Certificates are
     * written mode {@code 0644}; private keys are unencrypted PKCS#8 PEM, created mode {@code 0600}.
     * A missing {@code dir} is created mode {@code 0700}; an existing one keeps its permissions.
     *
     * <p>Nothing is overwritten: if any of the six files exists the call fails before generating
     * anything. If writing fails part way, the files (and directory) this call created are removed.
     *
     * @param dir the directory to write to
     * @param dnsNames DNS names the server answers to, such as {@code localhost}; may be empty if
     *     {@code ipAddresses} is not
     * @param ipAddresses IPv4 or IPv6 literals the server answers on, such as {@code 127.0.0.1}
     *     and {@code ::1}; may be empty if {@code dnsNames} is not
     * @param validity how long the certificates are valid; at least one second
     * @param clock the source of the start of validity
     * @param random the source of keys, serial numbers and signature nonces
     * @return the paths written
     * @throws NullPointerException if any argument or list element is null
     * @throws ConfigException if both name lists are empty, a DNS name or IP address is malformed,
     *     or {@code validity} is shorter than a second or ends after the year 9999
     * @throws StewardException if any of the six files already exists, naming it, or if the
     *     material cannot be generated or written
     */
    public static TlsFiles generate(
            Path dir,
            List<String> dnsNames,
            List<String> ipAddresses,
            Duration validity,
            Clock clock,
            SecureRandom random) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        GeneralNames subjectAltNames = subjectAltNames(dnsNames, ipAddresses);
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notAfter(notBefore, validity);

        TlsFiles files = TlsFiles.in(dir);
        refuseExisting(dir, files);
        Material material = issue(subjectAltNames, notBefore, notAfter, random);
        write(dir, files, material);
        return files;
    }

    private static GeneralNames subjectAltNames(List<String> dnsNames, List<String> ipAddresses) {
        Objects.requireNonNull(dnsNames, "dnsNames");
        Objects.requireNonNull(ipAddresses, "ipAddresses");
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new ConfigException(
                    "dnsNames",
                    "give at least one DNS name or IP address for the server certificate, such as localhost");
        }
        Set<GeneralName> names = new LinkedHashSet<>();
        for (String dnsName : dnsNames) {
            Objects.requireNonNull(dnsName, "dnsNames element");
            if (!DNS_NAME.matcher(dnsName).matches()) {
                throw new ConfigException(
                        "dnsNames",
                        "'" + dnsName + "' is not a DNS name;"
                                + " use letters, digits, '-', '_' and '.', optionally starting with '*.'");
            }
            names.add(new GeneralName(GeneralName.dNSName, dnsName));
        }
        for (String ipAddress : ipAddresses) {
            Objects.requireNonNull(ipAddress, "ipAddresses element");
            if (!IPAddress.isValid(ipAddress)) {
                throw new ConfigException(
                        "ipAddresses",
                        "'" + ipAddress + "' is not an IPv4 or IPv6 address literal such as 127.0.0.1 or ::1");
            }
            names.add(new GeneralName(GeneralName.iPAddress, ipAddress));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static Instant notAfter(Instant notBefore, Duration validity) {
        if (validity.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("validity", "must be at least one second, was " + validity);
        }
        try {
            Instant notAfter = notBefore.plus(validity).truncatedTo(ChronoUnit.SECONDS);
            if (!notAfter.isAfter(LATEST_NOT_AFTER)) {
                return notAfter;
            }
        } catch (DateTimeException | ArithmeticException overflow) {
            // reported below like any other validity that X.509 cannot express
        }
        throw new ConfigException(
                "validity",
                validity + " from " + notBefore + " ends after " + LATEST_NOT_AFTER
                        + ", the last instant a certificate can express");
    }

    private static void refuseExisting(Path dir, TlsFiles files) {
        List<Path> existing = files.existing();
        if (!existing.isEmpty()) {
            String names =
                    existing.stream().map(path -> path.getFileName().toString()).collect(Collectors.joining(", "));
            throw new StewardException("TLS files already exist in " + dir + " (" + names + "); to keep using them"
                    + " check TlsFiles.in(dir).exist() instead of generating, or move them away to generate new ones");
        }
    }

    private static Material issue(GeneralNames serverNames, Instant notBefore, Instant notAfter, SecureRandom random) {
        try {
            KeyPair caKeys = p256(random);
            KeyPair serverKeys = p256(random);
            KeyPair clientKeys = p256(random);
            X509Issuer ca = X509Issuer.selfSigned(commonName(CA_COMMON_NAME), caKeys, notBefore, notAfter, random);
            return new Material(
                    ca,
                    caKeys,
                    serverKeys,
                    clientKeys,
                    ca.issue(
                            commonName(SERVER_COMMON_NAME),
                            serverKeys.getPublic(),
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
                            serverNames),
                    ca.issue(
                            commonName(CLIENT_COMMON_NAME),
                            clientKeys.getPublic(),
                            new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth},
                            null));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new StewardException(
                    "cannot generate TLS material with EC P-256 and " + X509Issuer.SIGNATURE_ALGORITHM + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static void write(Path dir, TlsFiles files, Material material) {
        PemFileWriter writer = new PemFileWriter(dir);
        try {
            writer.createDirectory(dir);
            writer.writePrivateKey(files.caKey(), material.caKeys().getPrivate());
            writer.writeCertificate(files.ca(), material.ca().certificate());
            writer.writePrivateKey(files.serverKey(), material.serverKeys().getPrivate());
            writer.writeCertificate(files.serverCert(), material.server());
            writer.writePrivateKey(files.clientKey(), material.clientKeys().getPrivate());
            writer.writeCertificate(files.clientCert(), material.client());
        } catch (RuntimeException e) {
            writer.deleteCreated(e);
            throw e;
        }
    }

    private static KeyPair p256(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private static X500Name commonName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private record Material(
            X509Issuer ca,
            KeyPair caKeys,
            KeyPair serverKeys,
            KeyPair clientKeys,
            X509CertificateHolder server,
            X509CertificateHolder client) {}
}

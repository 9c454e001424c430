package io.steward.provision.tls;

import io.steward.StewardException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * What a certificate says about itself: who it is for, who issued it, when it is valid and which
 * names it is valid for. Read with the JDK's X.509 parser, so it describes any certificate, not
 * only generated ones.
 *
 * @param subject the subject distinguished name in RFC 2253 form, such as {@code CN=steward-server}
 * @param issuer the issuer distinguished name in RFC 2253 form
 * @param notBefore the first instant the certificate is valid
 * @param notAfter the last instant the certificate is valid
 * @param dnsNames the DNS subject alternative names, in certificate order
 * @param ipAddresses the IP address subject alternative names as the JDK prints them: IPv4 dotted,
 *     IPv6 as eight uncompressed groups such as {@code 0:0:0:0:0:0:0:1}
 */
public record CertificateInfo(
        String subject,
        String issuer,
        Instant notBefore,
        Instant notAfter,
        List<String> dnsNames,
        List<String> ipAddresses) {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    /**
     * @throws NullPointerException if any component is null
     */
    public CertificateInfo {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /**
     * Reads the first certificate of a PEM ({@code BEGIN CERTIFICATE}) or DER file.
     *
     * @param certificateFile the file to read
     * @return what the certificate says
     * @throws NullPointerException if {@code certificateFile} is null
     * @throws StewardException if the file cannot be read or does not start with an X.509 certificate
     */
    public static CertificateInfo read(Path certificateFile) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        X509Certificate certificate = parse(certificateFile);
        List<String> dnsNames = new ArrayList<>();
        List<String> ipAddresses = new ArrayList<>();
        for (List<?> name : subjectAltNames(certificateFile, certificate)) {
            Object type = name.get(0);
            if (Integer.valueOf(DNS_NAME).equals(type)) {
                dnsNames.add((String) name.get(1));
            } else if (Integer.valueOf(IP_ADDRESS).equals(type)) {
                ipAddresses.add((String) name.get(1));
            }
        }
        return new CertificateInfo(
                certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                dnsNames,
                ipAddresses);
    }

    private static X509Certificate parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (NoSuchFileException e) {
            throw new StewardException("certificate file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new StewardException("cannot read certificate file " + file + ": " + e, e);
        } catch (CertificateException e) {
            throw new StewardException(file + " does not hold a PEM or DER X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static Collection<List<?>> subjectAltNames(Path file, X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names == null ? List.of() : names;
        } catch (CertificateParsingException e) {
            throw new StewardException(
                    file + " has a malformed subject alternative name extension: " + e.getMessage(), e);
        }
    }
}

package io.steward.provision.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs X.509 v3 certificates with one CA key, using BouncyCastle's builders over the JDK's
 * default providers (no provider is registered globally). Every certificate it issues shares
 * the CA's validity window, so no certificate outlives its issuer.
 *
 * <p>Not thread-safe: it shares the caller's {@link SecureRandom}.
 */
final class X509Issuer {

    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    /** 159 random bits keep the serial positive and within the 20 octets RFC 5280 allows. */
    private static final int SERIAL_BITS = 159;

    private final X509CertificateHolder certificate;
    private final PrivateKey key;
    private final Instant notBefore;
    private final Instant notAfter;
    private final SecureRandom random;
    private final JcaX509ExtensionUtils extensions;

    private X509Issuer(
            X509CertificateHolder certificate,
            PrivateKey key,
            Instant notBefore,
            Instant notAfter,
            SecureRandom random,
            JcaX509ExtensionUtils extensions) {
        this.certificate = certificate;
        this.key = key;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.random = random;
        this.extensions = extensions;
    }

    /**
     * Creates a self-signed CA certificate that may sign end-entity certificates only
     * (path length 0) and returns an issuer that signs with its key.
     */
    static X509Issuer selfSigned(X500Name name, KeyPair keys, Instant notBefore, Instant notAfter, SecureRandom random)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        name, serial(random), Date.from(notBefore), Date.from(notAfter), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(
                        Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        X509CertificateHolder certificate = builder.build(signer(keys.getPrivate(), random));
        return new X509Issuer(certificate, keys.getPrivate(), notBefore, notAfter, random, extensions);
    }

    /** The CA's own certificate. */
    X509CertificateHolder certificate() {
        return certificate;
    }

    /**
     * Issues an end-entity certificate for digital signatures (what ECDSA keys do in TLS).
     *
     * @param subjectAltNames the names to certify, or {@code null} for none
     */
    X509CertificateHolder issue(
            X500Name subject, PublicKey subjectKey, KeyPurposeId[] purposes, GeneralNames subjectAltNames)
            throws CertIOException, OperatorCreationException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        certificate.getSubject(),
                        serial(random),
                        Date.from(notBefore),
                        Date.from(notAfter),
                        subject,
                        subjectKey)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey))
                .addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        extensions.createAuthorityKeyIdentifier(certificate.getSubjectPublicKeyInfo()));
        if (subjectAltNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames);
        }
        return builder.build(signer(key, random));
    }

    private static ContentSigner signer(PrivateKey key, SecureRandom random) throws OperatorCreationException {
        return new JcaContentSignerBuilder(SIGNATURE_ALGORITHM)
                .setSecureRandom(random)
                .build(key);
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(SERIAL_BITS, random).add(BigInteger.ONE);
    }
}

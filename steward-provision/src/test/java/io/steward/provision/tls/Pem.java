package io.steward.provision.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads generated PEM files with JDK APIs only, so tests do not trust the code under test. */
final class Pem {

    private Pem() {}

    static X509Certificate certificate(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** Parses an unencrypted PKCS#8 {@code PRIVATE KEY} block with the JDK's "EC" key factory. */
    static PrivateKey ecPrivateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String header = "-----BEGIN PRIVATE KEY-----";
        String footer = "-----END PRIVATE KEY-----";
        int start = pem.indexOf(header);
        int end = pem.indexOf(footer);
        if (start != 0 || end < 0) {
            throw new IllegalArgumentException(file + " is not a PKCS#8 PRIVATE KEY PEM file: " + pem);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(header.length(), end));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}

package io.steward.backup.internal;

import io.steward.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds an {@link SSLContext} from PEM files with JDK APIs only: the CA certificates to trust and,
 * for servers that authenticate clients ({@code tls-auth-clients yes}), a client certificate chain
 * with its unencrypted PKCS#8 private key (EC or RSA).
 */
public final class PemSslContext {

    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    private PemSslContext() {}

    /**
     * @param ca PEM file with one or more CA certificates
     * @param clientCert PEM certificate chain presented to the server, or {@code null}
     * @param clientKey PKCS#8 PEM private key of {@code clientCert}, or {@code null}
     * @throws ConfigException naming the file that cannot be read or is not what it should be
     * @throws IllegalArgumentException if only one of {@code clientCert} and {@code clientKey} is given
     */
    public static SSLContext create(Path ca, Path clientCert, Path clientKey) {
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("clientCert and clientKey must be given together");
        }
        try {
            KeyStore trust = emptyKeyStore();
            List<Certificate> cas = certificates(ca);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);

            KeyManagerFactory kmf = null;
            if (clientCert != null) {
                KeyStore identity = emptyKeyStore();
                char[] storePassword = new char[0];
                identity.setKeyEntry(
                        "client",
                        privateKey(clientKey),
                        storePassword,
                        certificates(clientCert).toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, storePassword);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static List<Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certificates =
                    new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new ConfigException(file, 0, null, "no PEM CERTIFICATE in the file");
            }
            return certificates;
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read the certificate: " + e.getMessage());
        } catch (CertificateException e) {
            throw new ConfigException(file, 0, null, "not a PEM certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        byte[] der = null;
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = pem.indexOf(KEY_BEGIN);
            int end = pem.indexOf(KEY_END);
            if (begin < 0 || end < begin) {
                throw new ConfigException(
                        file,
                        0,
                        null,
                        "no unencrypted PKCS#8 PRIVATE KEY block; convert it with openssl pkcs8 -topk8 -nocrypt");
            }
            der = Base64.getMimeDecoder().decode(pem.substring(begin + KEY_BEGIN.length(), end));
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
            for (String algorithm : List.of("EC", "RSA")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (InvalidKeySpecException e) {
                    // not this algorithm; try the next
                }
            }
            throw new ConfigException(file, 0, null, "the private key is neither EC nor RSA");
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read the private key: " + e.getMessage());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException(file, 0, null, "not a PKCS#8 private key");
        } finally {
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
        }
    }
}

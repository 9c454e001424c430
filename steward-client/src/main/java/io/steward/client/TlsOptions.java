package io.steward.client;

import io.steward.ConfigException;
import java.nio.file.Path;

/**
 * TLS settings: the CA that signed the servers' certificates and, when the servers require client
 * authentication, the client certificate and its PEM private key (PKCS#8).
 *
 * <p>The server certificate is always verified, host name included. Files are read when
 * {@link StewardClient#create(ClientOptions)} connects; a missing file fails there with a
 * {@link ConfigException} naming the field.
 *
 * @param caFile   PEM file with the CA certificate(s) to trust; required
 * @param certFile PEM client certificate chain, or {@code null} for no client certificate
 * @param keyFile  PEM private key of {@code certFile}; set exactly when {@code certFile} is set
 */
public record TlsOptions(Path caFile, Path certFile, Path keyFile) {

    /**
     * @throws ConfigException when {@code caFile} is missing, or only one of {@code certFile} and
     *                         {@code keyFile} is given
     */
    public TlsOptions {
        if (caFile == null) {
            throw new ConfigException("tls.caFile", "the CA certificate file is required when TLS is enabled");
        }
        if (certFile == null && keyFile != null) {
            throw new ConfigException("tls.certFile", "a client key is given without its certificate");
        }
        if (certFile != null && keyFile == null) {
            throw new ConfigException("tls.keyFile", "a client certificate is given without its private key");
        }
    }

    /** TLS that verifies the servers against {@code caFile} and presents no client certificate. */
    public static TlsOptions of(Path caFile) {
        return new TlsOptions(caFile, null, null);
    }

    /** TLS that verifies the servers against {@code caFile} and authenticates with a client certificate. */
    public static TlsOptions of(Path caFile, Path certFile, Path keyFile) {
        return new TlsOptions(caFile, certFile, keyFile);
    }

    /** Whether a client certificate is presented to the servers. */
    public boolean hasClientCertificate() {
        return certFile != null;
    }
}

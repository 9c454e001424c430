package io.steward.ops.config;

import io.steward.ConfigException;
import java.nio.file.Path;

/**
 * TLS towards Redis and Sentinel: the {@code tls} section. Paths are absolute once loaded.
 *
 * @param enabled whether connections use TLS
 * @param ca      PEM file with the certificate authority that signed the servers' certificates;
 *                required when {@code enabled}
 * @param cert    PEM client certificate for servers that require client authentication, or {@code null}
 * @param key     PEM (PKCS#8) private key matching {@code cert}, or {@code null}
 */
public record TlsConfig(boolean enabled, Path ca, Path cert, Path key) {

    /** Plain TCP. */
    public static final TlsConfig DISABLED = new TlsConfig(false, null, null, null);

    /**
     * @throws ConfigException when TLS is enabled without {@code ca}, or only one of {@code cert} and
     *                         {@code key} is given
     */
    public TlsConfig {
        if (enabled && ca == null) {
            throw new ConfigException(
                    "tls.ca",
                    "required when TLS is enabled: the PEM file of the CA that signed the servers' certificates");
        }
        if ((cert == null) != (key == null)) {
            throw new ConfigException(
                    cert == null ? "tls.cert" : "tls.key", "tls.cert and tls.key must be given together");
        }
    }

    /** TLS with the given authority and client certificate ({@code cert} and {@code key} may both be null). */
    public static TlsConfig enabled(Path ca, Path cert, Path key) {
        return new TlsConfig(true, ca, cert, key);
    }
}

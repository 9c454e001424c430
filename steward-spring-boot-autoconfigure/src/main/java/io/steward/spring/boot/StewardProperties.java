package io.steward.spring.boot;

import io.steward.client.Mode;
import io.steward.client.Profile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code steward.*} properties: how the application reaches Redis. Either the connection
 * properties or {@code steward.config-file}, which reuses a deployment's {@code steward.yaml} for the
 * topology, user, password and TLS files; timeouts and the client name apply in both cases.
 *
 * <p>Settings left unset take the defaults of {@link io.steward.client.ClientOptions} and of the
 * chosen profile. Nothing is validated here: {@link ClientOptionsFactory} turns these into
 * {@link io.steward.client.ClientOptions} and names the property of the first bad setting.
 *
 * @param configFile     a steward.yaml to take the topology, user, password and TLS files from
 *                       (needs io.steward:steward-ops on the class path); when set, the
 *                       connection properties below must stay unset
 * @param mode           how the deployment is laid out: standalone, sentinel or cluster
 * @param endpoints      host:port of the standalone node, the sentinels, or the cluster seeds; unset
 *                       means 127.0.0.1:6379 in standalone mode
 * @param masterName     the name the sentinels monitor the master under (sentinel mode only)
 * @param user           the ACL user to connect as; unset connects as the default user
 * @param password       the password of that user; prefer password-file or an environment
 *                       variable placeholder over a literal in a file
 * @param passwordFile   a file holding the password (one line); exclusive with password
 * @param tls            TLS files; TLS is on when any of tls.ca, tls.cert, tls.key is set
 * @param profile        where the defaults for timeouts and connection settings come from
 * @param connectTimeout TCP and TLS connect timeout; unset takes the profile's
 * @param commandTimeout how long a command may take before it fails; unset takes the profile's
 * @param clientName     the name shown by CLIENT LIST
 */
@ConfigurationProperties("steward")
public record StewardProperties(
        Path configFile,
        Mode mode,
        List<String> endpoints,
        String masterName,
        String user,
        String password,
        Path passwordFile,
        Tls tls,
        Profile profile,
        Duration connectTimeout,
        Duration commandTimeout,
        String clientName) {

    public StewardProperties {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /**
     * The client options these properties describe: what the auto-configured {@code ClientOptions} bean is. An
     * application that defines its own {@link io.steward.client.StewardClient} (which replaces that bean) can
     * build it from these.
     *
     * @throws io.steward.ConfigException naming the {@code steward.*} property of the first bad setting
     */
    public io.steward.client.ClientOptions toClientOptions() {
        return ClientOptionsFactory.create(this);
    }

    /** Every connection property except the password, which shows only as set or not. */
    @Override
    public String toString() {
        return "StewardProperties[configFile=" + configFile + ", mode=" + mode + ", endpoints=" + endpoints
                + ", masterName=" + masterName + ", user=" + user + ", password="
                + (password == null ? "<none>" : "<set>") + ", passwordFile=" + passwordFile + ", tls=" + tls
                + ", profile=" + profile + ", connectTimeout=" + connectTimeout + ", commandTimeout="
                + commandTimeout + ", clientName=" + clientName + "]";
    }

    /**
     * TLS files, in PEM.
     *
     * @param ca   the CA certificate that signed the server certificates; setting it (or cert and key) turns TLS
     *             on
     * @param cert the client certificate, for servers that require one (with key)
     * @param key  the private key of the client certificate (with cert)
     */
    public record Tls(Path ca, Path cert, Path key) {

        boolean isConfigured() {
            return ca != null || cert != null || key != null;
        }
    }
}

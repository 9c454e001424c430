package io.steward.ops.config;

import io.steward.ConfigException;
import io.steward.provision.SecretStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The Steward daemon (dashboard, HTTP API, {@code /metrics}): the {@code server} section.
 *
 * @param bind      the address to listen on
 * @param port      the port to listen on, 1-65535
 * @param tokenFile the file holding the dashboard/API bearer token; absolute once loaded
 */
public record ServerConfig(String bind, int port, Path tokenFile) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = io.steward.provision.DeploymentPlan.DEFAULT_DASHBOARD_PORT;
    /** Relative to the directory of {@code steward.yaml}. */
    public static final Path DEFAULT_TOKEN_FILE = Path.of("secrets", SecretStore.DASHBOARD_TOKEN_FILE);

    /** Loopback on the default port with the default token file (relative). */
    public static final ServerConfig DEFAULT = new ServerConfig(DEFAULT_BIND, DEFAULT_PORT, DEFAULT_TOKEN_FILE);

    /**
     * @throws ConfigException naming the field when bind is blank or the port is out of range
     */
    public ServerConfig {
        if (bind == null || bind.isBlank()) {
            throw new ConfigException("server.bind", "must be an address such as 127.0.0.1");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("server.port", "must be 1-65535, was " + port);
        }
        Objects.requireNonNull(tokenFile, "tokenFile");
    }
}

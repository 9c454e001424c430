package io.steward.ops.config;

import io.steward.ConfigException;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.TlsOptions;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One deployment as described by a {@code steward.yaml} file: which servers, how to reach them and
 * the limits they are judged against. Immutable; read one with {@link ConfigLoader#load(Path)},
 * build one with {@link #builder()}, write one with {@link ConfigWriter#write(StewardConfig, Path)}.
 *
 * <p>Paths inside the sections (password file, TLS files, backup directory, token file) are absolute
 * once loaded, resolved against {@code baseDir}.
 *
 * @param name       the deployment's name, shown in reports and metrics
 * @param profile    the defaults for pools, memory and timeouts
 * @param topology   where the servers are
 * @param auth       how to authenticate
 * @param tls        whether and how to use TLS
 * @param thresholds the limits health checks judge against
 * @param backup     where and how backups are kept
 * @param alerts     which alert rules run and where alerts go
 * @param server     the Steward daemon's listener
 * @param schedule   when the daemon's recurring jobs (metrics, memory check, trends, capacity) run
 * @param baseDir    the directory relative paths resolve against (the file's directory)
 * @param file       the file this configuration was read from, or {@code null} when built in code
 */
public record StewardConfig(
        String name,
        Profile profile,
        TopologyConfig topology,
        AuthConfig auth,
        TlsConfig tls,
        Thresholds thresholds,
        BackupConfig backup,
        AlertsConfig alerts,
        ServerConfig server,
        ScheduleConfig schedule,
        Path baseDir,
        Path file) {

    public static final String DEFAULT_NAME = "steward";
    /** Production unless told otherwise: the safe defaults are the ones that matter on real servers. */
    public static final Profile DEFAULT_PROFILE = Profile.PRODUCTION;

    /**
     * @throws ConfigException when the name is blank
     */
    public StewardConfig {
        if (name == null || name.isBlank()) {
            throw new ConfigException("name", "must not be blank");
        }
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(baseDir, "baseDir");
    }

    /** A builder for a configuration of the given topology with every other section at its default. */
    public static Builder builder(TopologyConfig topology) {
        return new Builder(topology);
    }

    /**
     * The client options that reach this deployment: its topology, the configured user and
     * password (read now from the password file or environment) and TLS files.
     *
     * @throws ConfigException when the password file is missing or readable by others
     */
    public ClientOptions.Builder clientOptions() {
        ClientOptions.Builder options = ClientOptions.builder()
                .mode(clientMode(topology.mode()))
                .endpoints(topology.endpoints())
                .profile(clientProfile(profile));
        if (topology.masterName() != null) {
            options.masterName(topology.masterName());
        }
        auth.user().ifPresent(user -> {
            char[] password = auth.hasPassword() ? auth.password() : null;
            try {
                options.username(user).password(password);
            } finally {
                if (password != null) {
                    java.util.Arrays.fill(password, '\0');
                }
            }
        });
        if (tls.enabled()) {
            options.tls(tls.cert() == null ? TlsOptions.of(tls.ca()) : TlsOptions.of(tls.ca(), tls.cert(), tls.key()));
        }
        return options;
    }

    // Exhaustive switches rather than valueOf(name()): a constant added to either enum fails to
    // compile here instead of failing at run time.
    private static Mode clientMode(TopologyMode mode) {
        return switch (mode) {
            case STANDALONE -> Mode.STANDALONE;
            case SENTINEL -> Mode.SENTINEL;
            case CLUSTER -> Mode.CLUSTER;
        };
    }

    private static io.steward.client.Profile clientProfile(Profile profile) {
        return switch (profile) {
            case DEVELOPMENT -> io.steward.client.Profile.DEVELOPMENT;
            case PRODUCTION -> io.steward.client.Profile.PRODUCTION;
        };
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder of {@link StewardConfig}; not thread-safe. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private Profile profile = DEFAULT_PROFILE;
        private TopologyConfig topology;
        private AuthConfig auth = AuthConfig.NONE;
        private TlsConfig tls = TlsConfig.DISABLED;
        private Thresholds thresholds = Thresholds.DEFAULTS;
        private BackupConfig backup;
        private AlertsConfig alerts = AlertsConfig.DEFAULT;
        private ServerConfig server;
        private ScheduleConfig schedule = ScheduleConfig.DEFAULT;
        private Path baseDir = Path.of("").toAbsolutePath();
        private Path file;

        private Builder(TopologyConfig topology) {
            this.topology = Objects.requireNonNull(topology, "topology");
        }

        private Builder(StewardConfig c) {
            name = c.name;
            profile = c.profile;
            topology = c.topology;
            auth = c.auth;
            tls = c.tls;
            thresholds = c.thresholds;
            backup = c.backup;
            alerts = c.alerts;
            server = c.server;
            schedule = c.schedule;
            baseDir = c.baseDir;
            file = c.file;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder profile(Profile value) {
            profile = value;
            return this;
        }

        public Builder topology(TopologyConfig value) {
            topology = value;
            return this;
        }

        public Builder auth(AuthConfig value) {
            auth = value;
            return this;
        }

        public Builder tls(TlsConfig value) {
            tls = value;
            return this;
        }

        public Builder thresholds(Thresholds value) {
            thresholds = value;
            return this;
        }

        public Builder backup(BackupConfig value) {
            backup = value;
            return this;
        }

        public Builder alerts(AlertsConfig value) {
            alerts = value;
            return this;
        }

        public Builder server(ServerConfig value) {
            server = value;
            return this;
        }

        public Builder schedule(ScheduleConfig value) {
            schedule = value;
            return this;
        }

        public Builder baseDir(Path value) {
            baseDir = value;
            return this;
        }

        /** The file this configuration belongs to; also sets {@code baseDir} to the file's directory. */
        public Builder file(Path value) {
            file = value.toAbsolutePath().normalize();
            baseDir = file.getParent();
            return this;
        }

        /**
         * Builds the configuration. Backup and server sections not set are the defaults with their
         * directory and token file under {@code baseDir}.
         *
         * @throws ConfigException when the name is blank
         */
        public StewardConfig build() {
            BackupConfig b = backup != null
                    ? backup
                    : new BackupConfig(
                            baseDir.resolve(BackupConfig.DEFAULT_DIR),
                            BackupConfig.DEFAULT_COMPRESSION,
                            null,
                            BackupConfig.Schedule.NONE,
                            BackupConfig.Retention.DEFAULT);
            ServerConfig s = server != null
                    ? server
                    : new ServerConfig(
                            ServerConfig.DEFAULT_BIND,
                            ServerConfig.DEFAULT_PORT,
                            baseDir.resolve(ServerConfig.DEFAULT_TOKEN_FILE));
            return new StewardConfig(
                    name, profile, topology, auth, tls, thresholds, b, alerts, s, schedule, baseDir, file);
        }
    }
}

package io.steward.cli;

import io.steward.ConfigException;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.ConfigLoader;
import io.steward.ops.config.ConfigWriter;
import io.steward.ops.config.ServerConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TlsConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.SecretStore;
import io.steward.provision.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The {@code steward.yaml} that describes a local deployment, as {@code up} writes it. */
final class LocalConfig {

    private LocalConfig() {}

    /** The dashboard's port: 7380 moved by the same offset as the Redis ports ({@code --port-base}). */
    static int dashboardPort(DeploymentPlan plan) {
        return DeploymentPlan.DEFAULT_DASHBOARD_PORT + plan.localPortBase() - DeploymentPlan.DEFAULT_PORT_BASE;
    }

    /**
     * The user's {@code HOME/steward.yaml} when it exists, checked against the plan: the sections the
     * user may edit (alerts, thresholds, backup, schedule, server) are theirs and kept as written.
     *
     * @return the file's configuration, or empty when there is no file yet
     * @throws ConfigException when the file is invalid, or describes another topology or TLS setting
     *                         than the plan (naming what differs and what to do); nothing is changed
     */
    static Optional<StewardConfig> existing(DeploymentPlan plan, Path home, Map<String, String> environment) {
        Path file = home.resolve("steward.yaml");
        if (Files.notExists(file)) {
            return Optional.empty();
        }
        StewardConfig kept = ConfigLoader.withEnvironment(environment).read(file);
        StewardConfig generated = of(plan, home);
        String differs = !kept.topology().equals(generated.topology())
                ? "topology"
                : kept.tls().enabled() != generated.tls().enabled() ? "tls" : null;
        if (differs != null) {
            throw new ConfigException(
                    file,
                    0,
                    differs,
                    "describes another deployment than 'up' starts here (" + differs + " differs: the file has "
                            + describe(kept, differs) + ", up starts " + describe(generated, differs)
                            + "); delete or move the file to let 'up' write a new one, or run 'up' with the flags"
                            + " that match it");
        }
        return Optional.of(kept);
    }

    /**
     * The configuration {@code up} runs with: the user's file when it exists (see {@link #existing}),
     * else the generated one, written now.
     */
    static StewardConfig settle(DeploymentPlan plan, Path home, Map<String, String> environment) throws IOException {
        Optional<StewardConfig> kept = existing(plan, home, environment);
        if (kept.isPresent()) {
            return kept.get();
        }
        StewardConfig generated = of(plan, home);
        ConfigWriter.write(generated, home.resolve("steward.yaml"));
        return generated;
    }

    private static String describe(StewardConfig config, String section) {
        return "tls".equals(section)
                ? (config.tls().enabled() ? "TLS on" : "TLS off")
                : config.topology().mode().id() + " " + config.topology().endpoints();
    }

    static StewardConfig of(DeploymentPlan plan, Path home) {
        TopologyConfig topology =
                switch (plan.mode()) {
                    case STANDALONE ->
                        TopologyConfig.standalone(plan.redisNodes().get(0));
                    case SENTINEL -> TopologyConfig.sentinel(plan.masterName(), plan.sentinels());
                    case CLUSTER -> TopologyConfig.cluster(plan.redisNodes());
                };
        topology = topology.withRole(plan.role());
        TlsConfig tls = TlsConfig.DISABLED;
        if (plan.tls()) {
            TlsFiles files = TlsFiles.in(home.resolve("tls"));
            tls = TlsConfig.enabled(files.ca(), files.clientCert(), files.clientKey());
        }
        return StewardConfig.builder(topology)
                .name(plan.name())
                .profile(plan.profile())
                .auth(AuthConfig.withPasswordFile(
                        AclUser.ADMIN.userName(), home.resolve("secrets").resolve(AclUser.ADMIN.userName() + ".pass")))
                .tls(tls)
                .server(new ServerConfig(
                        ServerConfig.DEFAULT_BIND,
                        dashboardPort(plan),
                        SecretStore.in(home.resolve("secrets")).dashboardTokenFile()))
                .baseDir(home)
                .file(home.resolve("steward.yaml"))
                .build();
    }
}

package io.steward.cli;

import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.ServerConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TlsConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.SecretStore;
import io.steward.provision.tls.TlsFiles;
import java.nio.file.Path;

/** The {@code steward.yaml} that describes a local deployment, as {@code up} writes it. */
final class LocalConfig {

    private LocalConfig() {}

    /** The dashboard's port: 7380 moved by the same offset as the Redis ports ({@code --port-base}). */
    static int dashboardPort(DeploymentPlan plan) {
        return DeploymentPlan.DEFAULT_DASHBOARD_PORT + plan.localPortBase() - DeploymentPlan.DEFAULT_PORT_BASE;
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

package io.steward.backup;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TlsConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalTopology;
import io.steward.provision.Profile;
import io.steward.provision.RedisBinaries;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh standalone server beside a test's {@code @RedisTopology}, sharing its secrets (so the same
 * admin password works on both), and the {@link BackupEngine} {@code steward} builds for that
 * topology: backups of the topology, restores into either server.
 */
final class SecondServer implements AutoCloseable {

    private final LocalTopology source;
    private final Path home;
    private final LocalDeployment deployment;
    private final StewardClient client;
    private final BackupEngine engine;
    private final RedisClient lettuce = RedisClient.create();

    private SecondServer(LocalTopology source, Path home, LocalDeployment deployment) {
        this.source = source;
        this.home = home;
        this.deployment = deployment;
        StewardConfig config = StewardConfig.builder(TopologyConfig.standalone(source.master()))
                .name("it")
                .auth(AuthConfig.withPasswordFile(
                        AclUser.ADMIN.userName(), source.passwordFile(AclUser.ADMIN.userName())))
                .tls(TlsConfig.DISABLED)
                .baseDir(source.home())
                .file(source.home().resolve("steward.yaml"))
                .build();
        this.client = StewardClient.createForNodes(config.clientOptions().build());
        this.engine = BackupEngine.create(config, client, Clock.systemUTC());
    }

    static SecondServer start(LocalTopology source) throws IOException {
        Path home = Files.createTempDirectory("steward-it-second-");
        try {
            Path secrets = Files.createDirectories(home.resolve("secrets"));
            try (Stream<Path> files = Files.list(source.home().resolve("secrets"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, secrets.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            DeploymentPlan plan = DeploymentPlan.local(
                    TopologyMode.STANDALONE, Profile.DEVELOPMENT, false, FreePorts.portBase(TopologyMode.STANDALONE));
            LocalDeployment deployment =
                    LocalDeployment.start(plan, home, RedisBinaries.locate(), LocalDeployment.DEFAULT_HEALTHY_TIMEOUT);
            return new SecondServer(source, home, deployment);
        } catch (IOException | RuntimeException e) {
            deleteTree(home);
            throw e;
        }
    }

    BackupEngine engine() {
        return engine;
    }

    HostAndPort node() {
        return deployment.master();
    }

    /** Options for a confirmed restore into this server, which is outside the topology's deployment, with its credentials. */
    RestoreOptions restoreHere() {
        return new RestoreOptions(
                true,
                false,
                node(),
                new RestoreOptions.Credentials(AclUser.ADMIN.userName(), source.password(AclUser.ADMIN.userName())));
    }

    StatefulRedisConnection<byte[], byte[]> connect(HostAndPort node) {
        return lettuce.connect(
                ByteArrayCodec.INSTANCE,
                RedisURI.builder()
                        .withHost(node.host())
                        .withPort(node.port())
                        .withAuthentication(AclUser.ADMIN.userName(), source.password(AclUser.ADMIN.userName()))
                        .build());
    }

    @Override
    public void close() throws IOException {
        try {
            lettuce.shutdown();
            client.close();
            deployment.close();
        } finally {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

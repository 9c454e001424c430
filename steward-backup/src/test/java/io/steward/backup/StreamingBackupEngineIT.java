package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.backup.SourceSelector.Shard;
import io.steward.backup.SourceSelector.Source;
import io.steward.client.StewardClient;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.AclUser;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Backups from a Sentinel deployment whose preferred source hangs: real Redis, real SIGSTOP. */
@RedisTopology(mode = TopologyMode.SENTINEL)
class StreamingBackupEngineIT {

    private static final int KEYS = 5_000;

    private static StewardConfig config;
    private static StewardClient client;
    private static StreamingBackupEngine engine;

    @BeforeAll
    static void start(LocalTopology topology) {
        DeploymentPlan plan = topology.plan();
        Path home = topology.home();
        config = StewardConfig.builder(TopologyConfig.sentinel(plan.masterName(), plan.sentinels()))
                .name(plan.name())
                .profile(plan.profile())
                .auth(AuthConfig.withPasswordFile(AclUser.ADMIN.userName(), topology.passwordFile(AclUser.ADMIN)))
                .baseDir(home)
                .build();
        client = StewardClient.createForNodes(config.clientOptions().build());
        engine = new StreamingBackupEngine(config, client, Clock.systemUTC());
        RedisClient lettuce = RedisClient.create(RedisURI.builder()
                .withHost(topology.master().host())
                .withPort(topology.master().port())
                .withAuthentication("admin", topology.password("admin"))
                .build());
        try (StatefulRedisConnection<String, String> admin = lettuce.connect()) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < KEYS; i++) {
                values.put("key:" + i, "value " + i);
            }
            admin.sync().mset(values);
            admin.sync().waitForReplication(2, 10_000);
        } finally {
            lettuce.shutdown();
        }
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static List<LocalNode> replicas(LocalTopology topology) {
        return topology.redisNodes().stream()
                .filter(n -> !n.endpoint().equals(topology.master()))
                .toList();
    }

    @Test
    void createMovesToTheShardsNextNodeWhenTheFirstStallsAndKeepsNothingOfIt(LocalTopology topology)
            throws IOException {
        LocalNode stalled = replicas(topology).get(0);
        LocalNode healthy = replicas(topology).get(1);
        Shard shard = Shard.of(new Source(stalled.endpoint(), "replica"), new Source(healthy.endpoint(), "replica"));

        stalled.pause();
        BackupManifest backup;
        try {
            backup = engine.createFrom(List.of(shard), BackupType.RDB, "manual", false, BackupEngine.Progress.NONE);
        } finally {
            stalled.resume();
        }

        assertThat(backup.parts()).singleElement().satisfies(part -> {
            assertThat(part.source()).isEqualTo(healthy.endpoint());
            assertThat(part.keys()).isGreaterThanOrEqualTo(KEYS);
        });
        assertThat(engine.verify(backup.id(), false).passed()).isTrue();
        Path folder = config.baseDir().resolve("backups").resolve(backup.id());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(backup.parts().get(0).file(), "manifest.json", "manifest.mac");
        }
    }

    @Test
    void createFromSentinelCompletesWhileTheReplicaItPrefersIsPaused(LocalTopology topology) {
        Source preferred = new SourceSelector(config.topology(), client)
                .shards()
                .get(0)
                .candidates()
                .get(0);
        assertThat(preferred.role()).isEqualTo("replica");
        LocalNode node = topology.node(preferred.node());

        node.pause();
        BackupManifest backup;
        try {
            backup = engine.create(BackupType.RDB, "manual", BackupEngine.Progress.NONE);
        } finally {
            node.resume();
        }

        assertThat(backup.parts().get(0).source()).isNotEqualTo(preferred.node());
        assertThat(backup.keys()).isGreaterThanOrEqualTo(KEYS);
    }

    @Test
    void everyFileOfABackupIsTheOwnersOnly() throws IOException {
        BackupManifest backup = engine.create(BackupType.RDB, "manual", BackupEngine.Progress.NONE);

        Path backups = config.baseDir().resolve("backups");
        try (Stream<Path> paths = Files.walk(backups)) {
            assertThat(paths.toList())
                    .allSatisfy(p -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                            .as(p.toString())
                            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
        assertThat(backups.resolve(backup.id())).isDirectory();
    }
}

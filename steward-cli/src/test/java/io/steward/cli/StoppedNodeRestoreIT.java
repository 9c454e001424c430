package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.LocalDeployment;
import io.steward.provision.RedisBinaries;
import io.steward.test.RedisTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Restore into a stopped local node swaps the files; the node starts with the backup's data. */
@RedisTopology
class StoppedNodeRestoreIT {

    @Test
    void restoreIntoStoppedNodeSwapsFilesAndKeepsThePreviousOnes(LocalDeployment topology) throws Exception {
        String home = topology.home().toString();
        ConfigWriter.write(
                LocalConfig.of(topology.plan(), topology.home()),
                topology.home().resolve("steward.yaml"));
        HostAndPort node = topology.master();
        with(topology, node, redis -> {
            for (int i = 0; i < 500; i++) {
                redis.set("k" + i, "v" + i);
            }
        });
        CliRun created = CliRun.of("--home", home, "--json", "backup", "create");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String id = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(created.out())
                .get("id")
                .asText();
        with(topology, node, redis -> {
            redis.flushall();
            redis.set("after-backup", "x");
        });
        topology.close();

        CliRun restored = CliRun.of("--home", home, "restore", id, "--confirm", "--target", node.toString());

        assertThat(restored.exitCode()).as(restored.toString()).isZero();
        assertThat(restored.out()).contains("files swapped");
        Path workDir = topology.home().resolve("nodes").resolve(String.valueOf(node.port()));
        assertThat(workDir.resolve("appendonlydir.before-" + id)).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workDir.resolve("dump.rdb"))))
                .as("the restored data set is the owner's only")
                .isEqualTo("rw-------");
        try (var restoredAof = Files.list(workDir.resolve("appendonlydir"))) {
            assertThat(restoredAof.filter(f -> f.getFileName().toString().endsWith(".rdb")))
                    .allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .isEqualTo("rw-------"));
        }
        try (LocalDeployment again = LocalDeployment.start(
                topology.plan(), topology.home(), RedisBinaries.locate(), LocalDeployment.DEFAULT_HEALTHY_TIMEOUT)) {
            with(again, node, redis -> {
                assertThat(redis.dbsize()).isEqualTo(500);
                assertThat(redis.get("k42")).isEqualTo("v42");
                assertThat(redis.exists("after-backup")).isZero();
            });
        }
        assertThat(Files.exists(workDir.resolve("dump.rdb.before-" + id))).isTrue();
    }

    private static void with(
            LocalDeployment topology,
            HostAndPort node,
            Consumer<io.lettuce.core.api.sync.RedisCommands<String, String>> action) {
        RedisClient client = RedisClient.create(RedisURI.builder()
                .withHost(node.host())
                .withPort(node.port())
                .withAuthentication("admin", topology.password("admin"))
                .build());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            action.accept(c.sync());
        } finally {
            client.shutdown();
        }
    }
}

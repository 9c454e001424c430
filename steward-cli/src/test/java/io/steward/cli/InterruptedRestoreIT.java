package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.steward.HostAndPort;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.LocalDeployment;
import io.steward.test.RedisTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restore killed with SIGKILL while it writes leaves a journal: status and health report the
 * partly restored data set, with the backup, when it started and how to finish or roll back, until
 * a restore completes.
 */
@RedisTopology
class InterruptedRestoreIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void restoreKilledWhileWritingIsReportedUntilARestoreCompletes(LocalDeployment topology) throws Exception {
        String home = topology.home().toString();
        ConfigWriter.write(
                LocalConfig.of(topology.plan(), topology.home()),
                topology.home().resolve("steward.yaml"));
        HostAndPort master = topology.master();
        RedisClient lettuce = RedisClient.create(RedisURI.builder()
                .withHost(master.host())
                .withPort(master.port())
                .withAuthentication("admin", topology.password("admin"))
                .build());
        try (StatefulRedisConnection<String, String> connection = lettuce.connect()) {
            RedisCommands<String, String> admin = connection.sync();
            for (int i = 0; i < 1000; i++) {
                admin.set("k" + i, "v" + i);
            }
            String id = JSON.readTree(CliRun.of("--home", home, "--json", "backup", "create")
                            .out())
                    .get("id")
                    .asText();
            int healthExit = CliRun.of("--home", home, "health").exitCode();
            // the test topology's supervisor is this JVM, which status does not count
            int statusExit = CliRun.of("--home", home, "status").exitCode();
            assertThat(List.of(healthExit, statusExit)).doesNotContain(ExitCodes.FAILED);
            Path journal = topology.home().resolve("restore-journal.json");

            // writes wait while clients are paused, so the kill lands in the write phase
            clientPause(admin, "PAUSE", "60000", "WRITE");
            Process restore = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-jar",
                            Path.of("target", "steward.jar").toAbsolutePath().toString(),
                            "--home",
                            home,
                            "restore",
                            id,
                            "--confirm")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() ->
                                Files.exists(journal) && admin.info("clients").contains("blocked_clients:1"));
            } finally {
                restore.destroyForcibly().waitFor();
                clientPause(admin, "UNPAUSE");
            }

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)))
                    .isEqualTo("rw-------");
            CliRun status = CliRun.of("--home", home, "--json", "status");
            assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.FAILED);
            JsonNode unfinished = JSON.readTree(status.out()).get("restore");
            assertThat(unfinished.get("state").asText()).isEqualTo("interrupted");
            assertThat(unfinished.get("backupId").asText()).isEqualTo(id);
            assertThat(unfinished.get("startedAt").asText()).isNotBlank();
            assertThat(unfinished.get("finish").asText()).isEqualTo("steward restore " + id + " --confirm");
            String rollback = unfinished.get("rollbackBackupId").asText();
            assertThat(CliRun.of("--home", home, "backup", "list").out()).contains(rollback);
            assertThat(CliRun.of("--home", home, "status").out())
                    .contains("RESTORE INTERRUPTED", id, "steward restore " + rollback + " --confirm --no-pre-backup");

            CliRun health = CliRun.of("--home", home, "health");
            assertThat(health.exitCode()).as(health.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(health.out()).contains("restore-interrupted", id, "steward restore " + rollback);

            CliRun finished = CliRun.of("--home", home, "restore", id, "--confirm");

            assertThat(finished.exitCode()).as(finished.toString()).isZero();
            assertThat(finished.out()).contains("Roll back with: ./steward restore " + rollback);
            assertThat(journal).doesNotExist();
            assertThat(admin.dbsize()).isEqualTo(1000);
            CliRun after = CliRun.of("--home", home, "--json", "status");
            assertThat(after.exitCode()).as(after.toString()).isEqualTo(statusExit);
            assertThat(JSON.readTree(after.out()).get("restore").isNull()).isTrue();
            assertThat(CliRun.of("--home", home, "health").exitCode()).isEqualTo(healthExit);
        } finally {
            lettuce.shutdown();
        }
    }

    private static void clientPause(RedisCommands<String, String> admin, String... words) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        for (String word : words) {
            args.add(word);
        }
        admin.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8), args);
    }
}

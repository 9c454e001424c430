package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.steward.HostAndPort;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.LocalDeployment;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code backup verify --drill} killed with SIGKILL while its throwaway redis-server holds the decrypted
 * backup takes that server with it, and the next drill removes the folder it left.
 */
@RedisTopology
class KilledDrillIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scratchServerDiesWithKilledDrillAndNextDrillRemovesItsFolder(LocalDeployment topology, @TempDir Path scratch)
            throws Exception {
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
        String id;
        try (StatefulRedisConnection<String, String> connection = lettuce.connect()) {
            RedisCommands<String, String> admin = connection.sync();
            for (int batch = 0; batch < 100; batch++) {
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < 1000; i++) {
                    values.put("k" + batch + ":" + i, "v" + i);
                }
                admin.mset(values);
            }
            id = JSON.readTree(CliRun.of("--home", home, "--json", "backup", "create")
                            .out())
                    .get("id")
                    .asText();
        } finally {
            lettuce.shutdown();
        }

        Process drill = drill(home, id, scratch).start();
        long serverPid = -1;
        try {
            serverPid = await().atMost(Duration.ofSeconds(120))
                    .until(() -> runningServer(scratch), Optional::isPresent)
                    .orElseThrow();
            // freeze the server so the drill cannot finish before it is killed
            new ProcessBuilder("kill", "-STOP", Long.toString(serverPid))
                    .start()
                    .waitFor();
            assertThat(drill.isAlive()).as("the drill still runs").isTrue();
            drill.destroyForcibly().waitFor();

            long pid = serverPid;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            assertThat(drillFolders(scratch)).hasSize(1);

            Process next = drill(home, id, scratch).start();
            String output = new String(next.getInputStream().readAllBytes());
            assertThat(next.waitFor()).as(output).isZero();
            assertThat(output).contains("drill-leftovers", "removed 1 folder(s) of earlier drills");
            assertThat(drillFolders(scratch)).isEmpty();
        } finally {
            drill.destroyForcibly();
            if (serverPid > 0) {
                ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static ProcessBuilder drill(String home, String id, Path scratch) {
        return new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Djava.io.tmpdir=" + scratch,
                        "-jar",
                        Path.of("target", "steward.jar").toAbsolutePath().toString(),
                        "--home",
                        home,
                        "backup",
                        "verify",
                        id,
                        "--drill")
                .redirectErrorStream(true);
    }

    /** The pid of a drill's throwaway server once it runs. */
    private static Optional<Long> runningServer(Path scratch) throws IOException {
        for (Path dir : drillFolders(scratch)) {
            Path pidFile = dir.resolve("server.pid");
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).strip();
                if (!text.isEmpty()) {
                    long pid = Long.parseLong(text);
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        return Optional.of(pid);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> drillFolders(Path scratch) throws IOException {
        try (Stream<Path> files = Files.list(scratch)) {
            return files.filter(p -> p.getFileName().toString().startsWith("steward-drill-"))
                    .toList();
        }
    }
}

package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.provision.LocalHome;
import io.steward.provision.LocalNode;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code drill failover --mode pause} stopped with SIGTERM while the master is SIGSTOPped resumes the
 * master on its way out: a JVM shutdown skips {@code finally}, so only the shutdown hook can.
 */
class InterruptedPauseDrillIT {

    @Test
    void sigtermDuringPauseDrillResumesTheMaster(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        String base = String.valueOf(FreePorts.portBase(TopologyMode.SENTINEL));
        Process drill = null;
        Optional<LocalNode> frozen = Optional.empty();
        try {
            CliRun up = CliRun.of(
                    "--home",
                    home.toString(),
                    "up",
                    "-d",
                    "--topology",
                    "sentinel",
                    "--profile",
                    "development",
                    "--port-base",
                    base);
            assertThat(up.exitCode()).as(up.toString()).isZero();

            drill = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-jar",
                            Path.of("target", "steward.jar").toAbsolutePath().toString(),
                            "--home",
                            home.toString(),
                            "drill",
                            "failover",
                            "--mode",
                            "pause")
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("drill.log").toFile())
                    .start();
            frozen = await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> stoppedDataNode(home), Optional::isPresent);
            LocalNode master = frozen.orElseThrow();

            drill.destroy(); // SIGTERM
            assertThat(drill.waitFor(60, TimeUnit.SECONDS))
                    .as("the drill exits on SIGTERM")
                    .isTrue();

            assertThat(state(master.pid()))
                    .as("state of the old master " + master.name())
                    .isNotEqualTo('T');
            String password =
                    Files.readString(home.resolve("secrets/admin.pass")).strip();
            RedisClient lettuce = RedisClient.create(RedisURI.builder()
                    .withHost(master.endpoint().host())
                    .withPort(master.endpoint().port())
                    .withAuthentication("admin", password)
                    .withTimeout(Duration.ofSeconds(5))
                    .build());
            try (StatefulRedisConnection<String, String> connection = lettuce.connect()) {
                assertThat(connection.sync().ping()).isEqualTo("PONG");
            } finally {
                lettuce.shutdown();
            }
        } finally {
            if (drill != null) {
                drill.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            // should the fix fail, leave no frozen process behind for the next test
            frozen.ifPresent(LocalNode::resume);
            CliRun down = CliRun.of("--home", home.toString(), "down", "--purge");
            assertThat(down.exitCode()).as(down.toString()).isZero();
        }
    }

    /** A redis-server of the home in state T (stopped), if one is. */
    private static Optional<LocalNode> stoppedDataNode(Path home) throws IOException {
        for (LocalNode node : LocalHome.runningProcesses(home)) {
            if (!node.isSentinel() && node.pid() > 0 && state(node.pid()) == 'T') {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    /** The state letter of /proc/PID/stat, after the command name in parentheses. */
    private static char state(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
    }
}

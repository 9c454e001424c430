package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.provision.DeploymentPlan;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a one-line error saying what, where and what to do, and leaves nothing running. */
class BadInputIT {

    @TempDir
    Path tmp;

    @Test
    void upRejectsUnknownTopologyAsUsageErrorWithoutCreatingAnything() {
        Path home = tmp.resolve("home");
        CliRun run = CliRun.of("--home", home.toString(), "up", "-d", "--topology", "ha");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip())
                .isEqualTo("error: --topology: unknown topology 'ha'; allowed: standalone, sentinel, cluster");
        assertThat(home).doesNotExist();
    }

    @Test
    void upRefusesPortInUseAndLeavesNothingRunning() throws Exception {
        int base = FreePorts.portBase(TopologyMode.SENTINEL);
        int sentinelPort = DeploymentPlan.local(TopologyMode.SENTINEL, Profile.DEVELOPMENT, false, base)
                .sentinels()
                .get(1)
                .port();
        Path home = tmp.resolve("home");
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), sentinelPort));

            CliRun run = CliRun.of("--home", home.toString(), "up", "-d", "--port-base", String.valueOf(base));

            assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
            assertThat(run.err()).contains("port " + sentinelPort + " on 127.0.0.1 is already in use", "--port-base");
        }
        CliRun status = CliRun.of("--home", home.toString(), "status");
        assertThat(status.out()).contains("Nothing is deployed");
        assertThat(home.resolve("nodes")).doesNotExist();
    }

    @Test
    void upExplainsHowToInstallMissingRedis() {
        Path home = tmp.resolve("home");
        CliRun run = CliRun.withEnv(
                Map.of("STEWARD_REDIS_BIN", tmp.resolve("no-such-dir").toString()),
                "--home",
                home.toString(),
                "up",
                "-d");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains("redis-server not found", "apt-get install redis-server redis-sentinel redis-tools");
        assertThat(home).doesNotExist();
    }

    @Test
    void portBaseOutsideRangeIsUsageError() {
        CliRun run = CliRun.of("--home", tmp.resolve("home").toString(), "up", "--port-base", "70000");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--port-base", "outside 1-65535");
    }

    @Test
    void healthNamesTheLineOfMalformedYaml() throws Exception {
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(config, "name: broken\ntopology:\n  mode: standalone\n  nodes: [127.0.0.1:6379\nauth: {}\n");

        CliRun run = CliRun.of("--config", config.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains(config + ":");
    }

    @Test
    void healthNamesFileAndFieldOfUnknownTopology() throws Exception {
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(config, "name: x\ntopology:\n  mode: ha\n  nodes: [127.0.0.1:6379]\n");

        CliRun run = CliRun.of("--config", config.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().strip())
                .isEqualTo("error: " + config + ":3: topology.mode: unknown topology 'ha'; allowed: "
                        + "standalone, sentinel, cluster");
    }

    @Test
    void healthReportsMissingCertificateFile() throws Exception {
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(
                config,
                "name: x\ntopology:\n  mode: standalone\n  nodes: [127.0.0.1:6379]\n"
                        + "tls: { enabled: true, ca: missing/ca.crt }\n");

        CliRun run = CliRun.of("--config", config.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("missing/ca.crt");
    }

    @Test
    void downPurgeDeletesNothingInDirectoryWithoutStewardFiles() throws Exception {
        Path notAHome = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(notAHome.resolve("important.txt"), "keep me");

        CliRun run = CliRun.of("--home", notAHome.toString(), "down", "--purge");

        // what a home looks like after a purge that kept the user's files: purging again is a no-op
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Nothing is deployed", "nothing deleted");
        assertThat(notAHome.resolve("important.txt")).hasContent("keep me");
    }

    @Test
    void downPurgeRefusesDirectoryWithStewardNamesButNoDeployment() throws Exception {
        Path notAHome = Files.createDirectories(tmp.resolve("remote"));
        Files.writeString(notAHome.resolve("steward.yaml"), "name: remote\n");

        CliRun run = CliRun.of("--home", notAHome.toString(), "down", "--purge");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("holds no Steward deployment", "nothing deleted");
        assertThat(notAHome.resolve("steward.yaml")).hasContent("name: remote\n");
    }

    @Test
    void healthRefusesComponentTheTopologyDoesNotHave() throws Exception {
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(config, "name: x\ntopology:\n  mode: standalone\n  nodes: [127.0.0.1:6379]\n");

        CliRun run = CliRun.of("--config", config.toString(), "health", "--component", "sentinel");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("a standalone deployment has no sentinel component");
    }

    @Test
    void upRejectsTimeoutBelowOneSecond() {
        CliRun run = CliRun.of("--home", tmp.resolve("home").toString(), "up", "--timeout", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--timeout: must be at least 1 second");
        assertThat(tmp.resolve("home")).doesNotExist();
    }

    @Test
    void configRenderNamesTheFlagOfABadNodeList() {
        CliRun run = CliRun.of(
                "config",
                "render",
                "--out",
                tmp.resolve("out").toString(),
                "--topology",
                "sentinel",
                "--nodes",
                "10.0.0.1:6379",
                "--sentinels",
                "10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--nodes: sentinel mode needs a master and at least one replica");
    }

    @Test
    void configRenderRefusesNonEmptyOutputDirectory() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");

        CliRun run = CliRun.of(
                "config", "render", "--out", out.toString(), "--topology", "standalone", "--nodes", "10.0.0.5:6379");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("is not empty");
        assertThat(Files.list(out).count()).isEqualTo(1);
    }
}

package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.provision.DeploymentPlan;
import io.steward.provision.OwnerOnlyFiles;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
            assertThat(run.err()).as("refused before saying it starts").doesNotContain("Starting");
        }
        CliRun status = CliRun.of("--home", home.toString(), "status");
        assertThat(status.out()).contains("Nothing is deployed");
        assertThat(home.resolve("nodes")).doesNotExist();
    }

    @Test
    void mistypedCommandIsUsageErrorSuggestingTheNearestOne() {
        CliRun run = CliRun.of("--home", tmp.resolve("home").toString(), "statu");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).singleElement().asString().contains("'statu'", "did you mean status");
    }

    @Test
    void argumentsAreJudgedBeforeTheConfigIsLoaded() {
        String home = tmp.resolve("no-deployment").toString();

        CliRun retention = CliRun.of("--home", home, "backup", "cleanup", "--retention-days", "-1");
        CliRun unconfirmed = CliRun.of("--home", home, "restore", "abc");
        CliRun listWithId = CliRun.of("--home", home, "restore", "--list", "abc");

        assertThat(retention.exitCode()).as(retention.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(retention.err().strip()).isEqualTo("error: --retention-days: must be at least 1, was -1");
        assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(unconfirmed.err())
                .contains("--confirm", "nothing was changed")
                .doesNotContain("steward.yaml");
        assertThat(listWithId.exitCode()).as(listWithId.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(listWithId.err()).contains("--list takes no ID");
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
    void portBaseOutsideRangeIsUsageErrorWithOneRangeStatedTheSameWay() {
        Path home = tmp.resolve("home");
        String expected = "error: --port-base: must be from 1024 to 45533 so that every port of every topology"
                + " (Redis from the base, cluster buses, dashboard, sentinels at base + 20000) stays within"
                + " 1024-65535, was ";
        for (String topology : List.of("standalone", "sentinel", "cluster")) {
            for (String base : List.of("0", "1023", "45534", "55000", "70000")) {
                CliRun run = CliRun.of("--home", home.toString(), "up", "--topology", topology, "--port-base", base);

                assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
                assertThat(run.err().strip()).isEqualTo(expected + base);
            }
        }
        assertThat(home).doesNotExist();
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
    void healthReportsMissingCertificateFileWithYamlKeyAndLine() throws Exception {
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(
                config,
                "name: x\ntopology:\n  mode: standalone\n  nodes: [127.0.0.1:6379]\n"
                        + "tls: { enabled: true, ca: missing/ca.crt }\n");

        CliRun run = CliRun.of("--config", config.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("error: " + config + ":5: tls.ca: " + tmp.resolve("missing/ca.crt") + " does not exist")
                .doesNotContain("caFile");
    }

    @Test
    void healthNamesTlsCaKeyAndLineWhenTlsHasNoCa() throws Exception {
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(
                config, "name: x\ntopology:\n  mode: standalone\n  nodes: [127.0.0.1:6379]\ntls: { enabled: true }\n");

        CliRun run = CliRun.of("--config", config.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().strip())
                .isEqualTo("error: " + config + ":5: tls.ca: required when TLS is enabled: the PEM file of the CA that"
                        + " signed the servers' certificates");
    }

    @Test
    void configThatIsADirectorySaysSoAndWhatToGive() {
        CliRun run = CliRun.of("--config", tmp.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().strip())
                .isEqualTo("error: " + tmp + ": is a directory, not a steward.yaml file; give the file (such as "
                        + tmp.resolve("steward.yaml") + "), or pass the directory as --home if it is a Steward home");
    }

    @Test
    void missingConfigSaysSoWithItsPath() {
        Path absent = tmp.resolve("absent.yaml");

        CliRun run = CliRun.of("--config", absent.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).startsWith("error: " + absent + ": no such file;").doesNotContain("YAML");
    }

    @Test
    void configWithoutAuthUserIsRefusedNamingTheKeyLineAndFix() throws Exception {
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(
                config,
                "name: x\ntopology:\n  mode: standalone\n  nodes: [127.0.0.1:6379]\n"
                        + "auth: { password-file: admin.pass }\n");

        CliRun run = CliRun.of("--config", config.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().strip())
                .isEqualTo("error: " + config + ":5: auth.user: required; name the ACL user the password belongs to"
                        + " (such as user: admin), or write user: default for Redis' default user");
    }

    @Test
    void passwordFileWithTwoLinesIsRefusedBeforeAnyNodeIsTried() throws Exception {
        Path passwordFile = tmp.resolve("admin.pass");
        OwnerOnlyFiles.replace(passwordFile, "first\nsecond\n".getBytes(StandardCharsets.UTF_8));
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(
                config,
                "name: x\ntopology:\n  mode: standalone\n  nodes: [127.0.0.1:6379]\n"
                        + "auth: { user: admin, password-file: admin.pass }\n");

        CliRun run = CliRun.of("--config", config.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip())
                .isEqualTo("error: " + passwordFile + ":2: auth.password-file: password file has more than one line;"
                        + " it must hold the password alone on its first line (a trailing line break is fine)");
    }

    @Test
    void zeroDurationIsEchoedAsZeroSeconds() throws Exception {
        Path config = tmp.resolve("steward.yaml");
        Files.writeString(
                config,
                "topology: { mode: standalone, nodes: [127.0.0.1:6379] }\n"
                        + "alerts: { notify: [ { webhook: \"http://127.0.0.1:9/hook\", timeout: 0s } ] }\n");

        CliRun run = CliRun.of("--config", config.toString(), "health");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("alerts.notify[0].timeout: ", ", was 0s").doesNotContain("0d");
    }

    @Test
    void restoreConfirmWithoutIdIsUsageError() {
        Path home = tmp.resolve("home");

        CliRun run = CliRun.of("--home", home.toString(), "restore", "--confirm");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip())
                .isEqualTo("error: name the backup to restore (IDs: 'steward restore --list')"
                        + " (see 'steward restore --help')");
        assertThat(home).doesNotExist();
    }

    @Test
    void statusOfAHomeThatCannotBeReadIsAnErrorNotAnEmptyHome() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-home"), "x");

        CliRun run = CliRun.of("--home", file.toString(), "status");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).doesNotContain("Nothing is deployed");
        assertThat(run.err().strip())
                .isEqualTo("error: cannot read " + file.resolve("run/deployment.properties")
                        + ": Not a directory; check --home (or STEWARD_HOME) and that the user running steward may"
                        + " read it");
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

    @Test
    void backupCreateRefusesToReplaceAMissingKeyWhileBackupsUseAnother() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(
                home.resolve("steward.yaml"),
                "name: x\ntopology:\n  mode: standalone\n  nodes: [127.0.0.1:1]\nauth: { user: default, password: unused }\n");
        Path backup = Files.createDirectories(home.resolve("backups/20261122T120000Z-rdb-0001"));
        Files.writeString(
                backup.resolve("manifest.json"),
                """
                {"format": 1, "id": "20261122T120000Z-rdb-0001", "type": "rdb", "reason": "manual",
                 "createdAt": "2026-11-22T12:00:00Z", "keyId": "0123456789abcdef", "parts": []}
                """);

        CliRun run = CliRun.of("--home", home.toString(), "backup", "create");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("error: the backup key file " + home.resolve("secrets/backup.key") + " is missing")
                .contains("made with key 0123456789abcdef", "Restore the key file", "pass --new-key");
        assertThat(home.resolve("secrets")).doesNotExist();
        try (var entries = Files.list(home.resolve("backups"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("20261122T120000Z-rdb-0001");
        }
    }
}

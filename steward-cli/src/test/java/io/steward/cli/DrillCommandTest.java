package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.ha.drill.DrillLock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options and a deployment on other hosts are refused before anything is contacted. */
class DrillCommandTest {

    @Test
    void refusesDeploymentOnOtherHostsWithoutAllowRemote(@TempDir Path home) throws Exception {
        Path config = home.resolve("steward.yaml");
        Files.writeString(
                config,
                """
                name: remote
                topology:
                  mode: sentinel
                  master-name: steward
                  sentinels: [10.255.255.1:26379, 10.255.255.1:26380]
                """);

        CliRun run = CliRun.of("--config", config.toString(), "drill", "failover");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
        assertThat(run.err()).contains("10.255.255.1:26379 is not on this host").contains("--allow-remote");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void refusesZeroRunsNamingTheOption(@TempDir Path home) {
        CliRun run = CliRun.of("--home", home.toString(), "drill", "failover", "--runs", "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--runs").contains("between 1 and 100");
    }

    @Test
    void refusesUnknownModeListingTheAllowedOnes(@TempDir Path home) {
        CliRun run = CliRun.of("--home", home.toString(), "drill", "failover", "--mode", "nope");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--mode").contains("'nope'").contains("kill, pause, manual");
    }

    @Test
    void drillWithoutSubcommandShowsHelpAndUsageCode() {
        CliRun run = CliRun.of("drill");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("failover");
    }

    @Test
    void refusesSecondDrillOnTheSameHomeInOneLine(@TempDir Path home) throws Exception {
        Files.writeString(
                home.resolve("steward.yaml"),
                """
                name: local
                topology:
                  mode: sentinel
                  master-name: steward
                  sentinels: [127.0.0.1:1]
                """);

        CliRun run;
        try (DrillLock first = DrillLock.acquire(home)) {
            run = CliRun.of("--home", home.toString(), "drill", "failover");
        }

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
        assertThat(run.err()).contains("another failover drill is running");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void refusesPauseOfRemoteDeploymentBeforeAnyConnectionEvenWithAllowRemote(@TempDir Path home) throws Exception {
        Path config = home.resolve("steward.yaml");
        Files.writeString(
                config,
                """
                name: remote
                topology:
                  mode: sentinel
                  master-name: steward
                  sentinels: [10.255.255.1:26379, 10.255.255.1:26380]
                """);

        CliRun run = CliRun.of("--config", config.toString(), "drill", "failover", "--allow-remote", "--mode", "pause");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
        assertThat(run.err()).contains("--mode").contains("pause needs the master's process on this host");
        assertThat(run.out()).isEmpty();
    }
}

package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} keeps the user's {@code steward.yaml} (alerts and other edited sections survive
 * {@code down} + {@code up}), refuses a file describing another deployment, and refuses {@code --config}.
 */
class UpKeepsConfigIT {

    private static final String ALERTS = "alerts:\n  notify:\n    - webhook: http://127.0.0.1:9/hook\n";

    @Test
    void shouldKeepEditedConfigAcrossRestartAndRefuseMismatchesWithoutChangingIt(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        String base = String.valueOf(FreePorts.portBase(TopologyMode.STANDALONE));
        String[] up = {"--home", home.toString(), "up", "-d", "--topology", "standalone", "--port-base", base};
        Path yaml = home.resolve("steward.yaml");
        try {
            CliRun first = CliRun.of(up);
            assertThat(first.exitCode()).as(first.toString()).isZero();
            assertThat(CliRun.of("--home", home.toString(), "down").exitCode()).isZero();

            Files.writeString(yaml, Files.readString(yaml) + ALERTS);
            CliRun second = CliRun.of(up);
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(Files.readString(yaml)).contains("http://127.0.0.1:9/hook");
            assertThat(CliRun.of("--home", home.toString(), "down").exitCode()).isZero();

            CliRun withConfig = CliRun.of("--config", yaml.toString(), "--home", home.toString(), "up", "-d");
            assertThat(withConfig.exitCode()).as(withConfig.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(withConfig.err()).contains("--config").contains("HOME/steward.yaml");

            String edited = Files.readString(yaml);
            CliRun otherTopology =
                    CliRun.of("--home", home.toString(), "up", "-d", "--topology", "sentinel", "--port-base", base);
            assertThat(otherTopology.exitCode()).as(otherTopology.toString()).isNotZero();
            assertThat(otherTopology.err()).contains("topology differs").contains("steward.yaml");
            assertThat(Files.readString(yaml)).isEqualTo(edited);
        } finally {
            CliRun.of("--home", home.toString(), "down");
        }
    }
}

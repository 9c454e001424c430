package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.ops.config.ConfigWriter;
import io.steward.provision.AclUser;
import io.steward.provision.LocalDeployment;
import io.steward.provision.OwnerOnlyFiles;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Passwords never appear in {@code ps}, logs or JSON output; a wrong one gets a clear error. */
@RedisTopology(mode = TopologyMode.SENTINEL)
class SecretsIT {

    @BeforeAll
    static void writeConfig(LocalDeployment topology) {
        ConfigWriter.write(
                LocalConfig.of(topology.plan(), topology.home()),
                topology.home().resolve("steward.yaml"));
    }

    @Test
    void noPasswordInProcessListLogsOrJsonOutput(LocalDeployment topology) throws Exception {
        String home = topology.home().toString();
        List<String> outputs = new ArrayList<>();
        for (String[] args : List.of(
                new String[] {"--home", home, "--json", "health"},
                new String[] {"--home", home, "--json", "status"},
                new String[] {"--home", home, "health"})) {
            CliRun run = CliRun.of(args);
            outputs.add(run.out() + run.err());
        }
        outputs.add(processList());
        try (Stream<Path> files = Files.walk(topology.home())) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                outputs.add(Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }

        for (AclUser user : AclUser.values()) {
            String password = new String(topology.password(user));
            assertThat(outputs).as("password of %s", user).noneMatch(text -> text.contains(password));
        }
    }

    @Test
    void wrongPasswordIsReportedAsAuthenticationFailure(LocalDeployment topology) throws IOException {
        Path dir = Files.createTempDirectory(topology.home(), "wrong-");
        Path passwordFile = dir.resolve("admin.pass");
        OwnerOnlyFiles.replace(passwordFile, "not-the-password".getBytes(StandardCharsets.UTF_8));
        Path config = dir.resolve("steward.yaml");
        Files.writeString(
                config,
                Files.readString(topology.home().resolve("steward.yaml"))
                        .replace("password-file: secrets/admin.pass", "password-file: " + passwordFile));

        CliRun run = CliRun.of("--config", config.toString(), "health", "--component", "redis");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("authentication failed for user 'admin'");
    }

    private static String processList() throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-eo", "args")
                .redirectErrorStream(true)
                .start();
        String text = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor(10, TimeUnit.SECONDS);
        return text;
    }
}

package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home the user may not read is reported as such, with the path, not as "nothing is deployed".
 * Runs steward.jar as {@code nobody}, since root reads every directory.
 */
class UnreadableHomeIT {

    private static final Path JAR = Path.of("target", "steward.jar").toAbsolutePath();

    @TempDir
    Path tmp;

    private Path home;

    @BeforeEach
    void deployedHome() throws Exception {
        AsNobody.assumeAvailable();
        assumeTrue(Files.isRegularFile(JAR), "needs " + JAR + " (built by 'package')");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve("run"));
        Files.writeString(home.resolve("run/deployment.properties"), "mode=standalone\n");
        Files.writeString(home.resolve("steward.yaml"), "topology: { mode: standalone, nodes: [127.0.0.1:6379] }\n");
    }

    private AsNobody.Result steward(String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = AsNobody.java();
        command[1] = "-jar";
        command[2] = JAR.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return AsNobody.run(Map.of(), command);
    }

    @Test
    void statusSaysPermissionDeniedAndThePathForAHomeItCannotRead() throws Exception {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("---------"));

        AsNobody.Result run = steward("--home", home.toString(), "status");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).doesNotContain("Nothing is deployed");
        assertThat(run.err().strip())
                .isEqualTo("error: cannot read " + home.resolve("run/deployment.properties")
                        + ": permission denied; check --home (or STEWARD_HOME) and that the user running steward"
                        + " may read it");
    }

    @Test
    void healthSaysPermissionDeniedForAnUnreadableConfigNotThatItIsMissing() throws Exception {
        Files.setPosixFilePermissions(home.resolve("steward.yaml"), PosixFilePermissions.fromString("rw-------"));

        AsNobody.Result run = steward("--home", home.toString(), "health");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().strip())
                .isEqualTo("error: " + home.resolve("steward.yaml") + ": permission denied; the user running steward"
                        + " needs read access to the file and its directories");
    }

    @Test
    void healthSaysPermissionDeniedWhenTheHomeCannotBeSearched() throws Exception {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("---------"));

        AsNobody.Result run = steward("--home", home.toString(), "health");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains(home.resolve("steward.yaml") + ": permission denied");
    }
}

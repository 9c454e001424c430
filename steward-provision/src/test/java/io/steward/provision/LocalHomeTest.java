package io.steward.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.steward.StewardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHomeTest {

    @TempDir
    Path tmp;

    @Test
    void recordedPlanIsEmptyWhenNothingWasDeployed() throws IOException {
        assertThat(LocalHome.recordedPlan(tmp.resolve("absent"))).isEmpty();
        assertThat(LocalHome.recordedPlan(Files.createDirectories(tmp.resolve("empty"))))
                .isEmpty();
    }

    @Test
    void recordedPlanRefusesAHomeItCannotLookIntoInsteadOfCallingItEmpty() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a home");

        assertThatThrownBy(() -> LocalHome.recordedPlan(file))
                .isInstanceOf(StewardException.class)
                .hasMessage("cannot read " + file.resolve("run/deployment.properties")
                        + ": Not a directory; check --home (or STEWARD_HOME) and that the user running steward may"
                        + " read it");
    }

    @Test
    void recordedPlanSaysPermissionDeniedForAnUnreadableHome() throws IOException {
        // root reads everything: the same case runs as root in the CLI's UnreadableHomeIT (as 'nobody')
        assumeFalse("root".equals(System.getProperty("user.name")), "root may read any directory");
        Path home = Files.createDirectories(tmp.resolve("home"));
        LocalHome.record(home, DeploymentPlan.local(TopologyMode.STANDALONE, Profile.DEVELOPMENT, false, 6379));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("---------"));
        try {
            assertThatThrownBy(() -> LocalHome.recordedPlan(home))
                    .isInstanceOf(StewardException.class)
                    .hasMessageContaining(
                            "cannot read " + home.resolve("run/deployment.properties") + ": permission denied");
        } finally {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void purgeRefusesAHomeItCannotLookInto() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "keep me");

        assertThatThrownBy(() -> LocalHome.stop(file, true)).hasMessageContaining("Not a directory");
        assertThat(file).hasContent("keep me");
    }
}

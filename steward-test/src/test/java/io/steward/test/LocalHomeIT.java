package io.steward.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.StewardException;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalHome;
import io.steward.provision.Profile;
import io.steward.provision.RedisBinaries;
import io.steward.provision.TopologyMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHomeIT {

    @TempDir
    Path tmp;

    @Test
    void purgeDeletesOnlyWhatStewardCreated() throws Exception {
        Path home = tmp.resolve("home");
        DeploymentPlan plan = DeploymentPlan.local(
                TopologyMode.STANDALONE, Profile.DEVELOPMENT, false, FreePorts.portBase(TopologyMode.STANDALONE));
        LocalDeployment.start(plan, home, RedisBinaries.locate(), LocalDeployment.DEFAULT_HEALTHY_TIMEOUT)
                .detach();
        Files.writeString(home.resolve("notes.txt"), "mine");

        assertThat(LocalHome.stop(home, true))
                .containsExactly("redis-" + plan.redisNodes().get(0).port());

        try (var left = Files.list(home)) {
            assertThat(left).containsExactly(home.resolve("notes.txt"));
        }
    }

    @Test
    void purgeRefusesDirectoryWithoutDeployment() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("data.txt"), "keep");

        assertThatThrownBy(() -> LocalHome.stop(other, true))
                .isInstanceOf(StewardException.class)
                .hasMessageContaining("holds no Steward deployment");
        assertThat(other.resolve("data.txt")).exists();
    }
}

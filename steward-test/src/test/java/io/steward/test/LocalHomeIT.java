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
import java.util.List;
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
    void purgeDeletesTheHistoryAndASecondPurgeIsANoOp() throws Exception {
        Path home = tmp.resolve("home");
        DeploymentPlan plan = DeploymentPlan.local(
                TopologyMode.STANDALONE, Profile.DEVELOPMENT, false, FreePorts.portBase(TopologyMode.STANDALONE));
        LocalDeployment.start(plan, home, RedisBinaries.locate(), LocalDeployment.DEFAULT_HEALTHY_TIMEOUT)
                .detach();
        for (String file : List.of("history.db", "history.db-wal", "history.db-shm", "restore-journal.json")) {
            Files.writeString(home.resolve(file), "written by the daemon or a restore");
        }

        LocalHome.Purge purge = LocalHome.purge(home);

        assertThat(purge.deleted()).contains("history.db", "history.db-wal", "history.db-shm", "restore-journal.json");
        assertThat(purge.kept()).isEmpty();
        assertThat(home).doesNotExist();
        LocalHome.Purge again = LocalHome.purge(home);
        assertThat(again.stopped()).isEmpty();
        assertThat(again.deleted()).isEmpty();
    }

    @Test
    void purgeOfDirectoryWithoutStewardFilesDeletesNothing() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("data.txt"), "keep");

        LocalHome.Purge purge = LocalHome.purge(other);

        assertThat(purge.deleted()).isEmpty();
        assertThat(purge.kept()).containsExactly("data.txt");
        assertThat(other.resolve("data.txt")).exists();
    }

    @Test
    void purgeRefusesDirectoryWithStewardNamesButNoDeployment() throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("steward.yaml"), "name: remote\n");
        Files.createDirectories(other.resolve("backups"));

        assertThatThrownBy(() -> LocalHome.stop(other, true))
                .isInstanceOf(StewardException.class)
                .hasMessageContaining("holds no Steward deployment");
        assertThat(other.resolve("steward.yaml")).exists();
        assertThat(other.resolve("backups")).isDirectory();
    }
}

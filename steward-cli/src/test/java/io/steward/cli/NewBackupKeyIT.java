package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.ops.config.ConfigWriter;
import io.steward.provision.LocalDeployment;
import io.steward.test.RedisTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first backup makes the backup key: it says so, and the folder it makes for it is the owner's only. */
@RedisTopology
class NewBackupKeyIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void firstBackupSaysItCreatedTheKeyInAnOwnerOnlySecretsFolder(LocalDeployment topology, @TempDir Path dir)
            throws Exception {
        Path config = dir.resolve("steward.yaml");
        ConfigWriter.write(LocalConfig.of(topology.plan(), topology.home()), config);
        Path key = dir.resolve("secrets").resolve("backup.key");

        CliRun first = CliRun.of("--config", config.toString(), "--json", "backup", "create");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(JSON.readTree(first.out()).get("id").asText()).isNotBlank();
        assertThat(first.err().strip())
                .isEqualTo("note: created a new backup key at " + key
                        + "; copy it somewhere safe, away from the backups: they cannot be restored without it");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");

        CliRun second = CliRun.of("--config", config.toString(), "backup", "create");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.err()).doesNotContain("new backup key");
    }
}

package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code down --purge} after {@code up -d}: everything Steward wrote goes, and purging again is a no-op. */
class DownPurgeIT {

    @Test
    void purgeDeletesEverythingStewardWroteIncludingTheHistoryAndKeepsTheRest(@TempDir Path tmp) throws Exception {
        Path home = tmp.resolve("home");
        String base = String.valueOf(FreePorts.portBase(TopologyMode.STANDALONE));
        CliRun up = CliRun.of("--home", home.toString(), "up", "-d", "--topology", "standalone", "--port-base", base);
        try {
            assertThat(up.exitCode()).as(up.toString()).isZero();
            // the daemon in the supervisor keeps its metrics history in the home
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(home.resolve("history.db")));
            Files.writeString(home.resolve("notes.txt"), "mine");
            CliRun backup = CliRun.of("--home", home.toString(), "backup", "create");
            assertThat(backup.exitCode()).as(backup.toString()).isZero();
        } catch (RuntimeException | Error e) {
            CliRun.of("--home", home.toString(), "down", "--purge");
            throw e;
        }

        CliRun down = CliRun.of("--home", home.toString(), "down", "--purge");

        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(down.out()).contains("Deleted from " + home, "history.db", "Kept notes.txt");
        assertThat(down.out())
                .contains("Deleted 1 backup(s) in " + home.resolve("backups") + " and the backup key "
                        + home.resolve("secrets/backup.key"));
        assertThat(CliRun.of("down", "--help").out()).contains("backups", "backup key");
        try (var left = Files.list(home)) {
            assertThat(left).containsExactly(home.resolve("notes.txt"));
        }
        Files.delete(home.resolve("notes.txt"));

        CliRun again = CliRun.of("--home", home.toString(), "down", "--purge");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("Nothing is deployed", "nothing deleted");
    }
}

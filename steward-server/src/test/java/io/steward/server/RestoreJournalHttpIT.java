package io.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.backup.RestoreJournal;
import io.steward.provision.LocalTopology;
import io.steward.test.RedisTopology;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard and {@code /api/events} name a restore that did not finish until its journal is gone. */
@RedisTopology
class RestoreJournalHttpIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dashboardAndEventsShowAnInterruptedRestoreWithHowToFinishOrRollBack(LocalTopology topology, @TempDir Path home)
            throws Exception {
        try (StewardDaemon daemon = DaemonFixture.start(topology, home)) {
            String token = DaemonFixture.token(home);
            Instant started = Instant.parse("2026-12-01T10:00:00Z");
            new RestoreJournal(
                            "20261201T090000Z-rdb-ab12",
                            "standalone deployment 'it'",
                            started,
                            "20261201T095959Z-rdb-cd34",
                            -1,
                            -1)
                    .write(home);

            JsonNode events = JSON.readTree(
                    DaemonFixture.get(daemon, "/api/events", token).body());
            String page = DaemonFixture.get(daemon, "/", token).body();

            JsonNode first = events.get(0);
            assertThat(first.get("kind").asText()).isEqualTo("restore_interrupted");
            assertThat(first.get("at").asText()).isEqualTo(started.toString());
            assertThat(first.get("backupId").asText()).isEqualTo("20261201T090000Z-rdb-ab12");
            assertThat(first.get("finish").asText()).isEqualTo("steward restore 20261201T090000Z-rdb-ab12 --confirm");
            assertThat(first.get("rollback").asText())
                    .isEqualTo("steward restore 20261201T095959Z-rdb-cd34 --confirm --no-pre-backup");
            assertThat(page)
                    .contains(
                            "id=restore-journal",
                            "data-state=interrupted",
                            "Restore interrupted",
                            "steward restore 20261201T090000Z-rdb-ab12 --confirm",
                            "steward restore 20261201T095959Z-rdb-cd34 --confirm --no-pre-backup",
                            started.toString());

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> health = DaemonFixture.get(daemon, "/health", null);
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("restore-interrupted", "20261201T090000Z-rdb-ab12");
            });

            Files.delete(RestoreJournal.file(home));

            JsonNode after = JSON.readTree(
                    DaemonFixture.get(daemon, "/api/events", token).body());
            assertThat(after.findValuesAsText("kind")).doesNotContain("restore_interrupted");
            assertThat(DaemonFixture.get(daemon, "/", token).body()).doesNotContain("id=restore-journal");
            assertThat(DaemonFixture.get(daemon, "/health", null).body()).doesNotContain("restore-interrupted");
        }
    }
}

package io.steward.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.ops.health.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreJournalTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path home;

    @Test
    void journalRoundTripsOwnerOnly() throws Exception {
        RestoreJournal journal = new RestoreJournal("b1", "127.0.0.1:6379", STARTED, "pre1", 42, 7);

        journal.write(home);

        assertThat(RestoreJournal.read(home)).contains(journal);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(RestoreJournal.file(home))))
                .isEqualTo("rw-------");
        RestoreJournal.clear(home);
        assertThat(RestoreJournal.read(home)).isEmpty();
    }

    @Test
    void interruptedRestoreIsCriticalAndSaysHowToFinishOrRollBack() {
        RestoreJournal journal = new RestoreJournal("b1", "127.0.0.1:6379", STARTED, "pre1", -1, -1);

        assertThat(journal.isRunning()).isFalse();
        assertThat(journal.healthCheck().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(journal.healthCheck().name()).isEqualTo("restore-interrupted");
        assertThat(journal.describe())
                .contains(
                        "b1",
                        "127.0.0.1:6379",
                        STARTED.toString(),
                        "'steward restore b1 --confirm'",
                        "'steward restore pre1 --confirm --no-pre-backup'");
    }

    @Test
    void withoutPreRestoreBackupThereIsNothingToRollBackTo() {
        RestoreJournal journal = new RestoreJournal("b1", "t", STARTED, null, -1, -1);

        assertThat(journal.rollbackCommand()).isEmpty();
        assertThat(journal.describe()).contains("nothing to roll back to");
    }

    @Test
    void restoreOfARunningProcessIsAWarning() {
        RestoreJournal journal = RestoreJournal.begin("b1", "t", STARTED, "pre1");

        assertThat(journal.isRunning()).isTrue();
        assertThat(journal.healthCheck().severity()).isEqualTo(Severity.WARN);
        assertThat(journal.describe()).contains("still running");
    }

    @Test
    void unparsableJournalStillReportsAnUnfinishedRestore() throws Exception {
        Files.writeString(RestoreJournal.file(home), "{ truncated");

        assertThat(RestoreJournal.read(home))
                .hasValueSatisfying(j -> assertThat(j.healthCheck().severity()).isEqualTo(Severity.CRITICAL));
    }
}

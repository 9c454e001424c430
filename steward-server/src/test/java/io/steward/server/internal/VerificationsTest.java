package io.steward.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.StewardException;
import io.steward.backup.BackupEngine;
import io.steward.backup.VerifyReport;
import io.steward.server.internal.Verification.State;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VerificationsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch halfway = new CountDownLatch(1);
    private final Verifications verifications = new Verifications(this::verifyHalfThenWait, Clock.systemUTC());

    /** Reports half of 1000 bytes checked, then waits to be released: a verification caught mid-run. */
    private VerifyReport verifyHalfThenWait(String backupId, BackupEngine.Progress progress) {
        progress.update(BackupEngine.VERIFY_PHASE, 500, 1000);
        halfway.countDown();
        try {
            if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new StewardException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted");
        }
        if (backupId.equals("missing")) {
            throw new StewardException("no backup 'missing' in /backups; see 'steward backup list'");
        }
        progress.update(BackupEngine.VERIFY_PHASE, 1000, 1000);
        return new VerifyReport(backupId, false, List.of(new VerifyReport.Check("checksums", "rdb", true, "ok")));
    }

    @AfterEach
    void close() {
        release.countDown();
        verifications.close();
    }

    @Test
    void startReturnsAtOnceAndProgressIsReadableWhileItRuns() throws InterruptedException {
        Verifications.Started started = verifications.start("b1");

        assertThat(started.isNew()).isTrue();
        assertThat(started.verification().state()).isIn(State.QUEUED, State.RUNNING);
        String id = started.verification().id();
        assertThat(halfway.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Verification running = verifications.get(id).orElseThrow();
        assertThat(running.state()).isEqualTo(State.RUNNING);
        assertThat(running.fraction()).hasValue(0.5);
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.finishedAt()).isNull();

        release.countDown();

        await().atMost(WAIT).until(() -> verifications.get(id).orElseThrow().state() == State.PASSED);
        Verification passed = verifications.get(id).orElseThrow();
        assertThat(passed.fraction()).hasValue(1.0);
        assertThat(passed.report().passed()).isTrue();
        assertThat(passed.finishedAt()).isNotNull();
    }

    @Test
    void aBackupIsVerifiedOnceAtATime() throws InterruptedException {
        Verifications.Started first = verifications.start("b1");
        assertThat(halfway.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Verifications.Started again = verifications.start("b1");
        Verifications.Started other = verifications.start("b2");

        assertThat(again.isNew()).isFalse();
        assertThat(again.verification().id()).isEqualTo(first.verification().id());
        assertThat(other.isNew()).isTrue();
        assertThat(other.verification().state()).isEqualTo(State.QUEUED);
        assertThat(verifications.list())
                .extracting(Verification::id)
                .containsExactly(other.verification().id(), first.verification().id());
    }

    @Test
    void aVerificationThatCannotRunEndsWithItsError() {
        String id = verifications.start("missing").verification().id();
        release.countDown();

        await().atMost(WAIT).until(() -> verifications.get(id).orElseThrow().state() == State.ERROR);
        assertThat(verifications.get(id).orElseThrow().error()).contains("no backup 'missing'");
        assertThat(verifications.get("verify-999")).isEmpty();
    }
}

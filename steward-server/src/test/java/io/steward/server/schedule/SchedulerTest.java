package io.steward.server.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.steward.ops.config.CronSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final Scheduler scheduler = Scheduler.create(Clock.systemUTC(), 2);

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void failingJobIsRecordedAndRunsAgainAtItsNextSlot() {
        AtomicInteger runs = new AtomicInteger();
        scheduler.every("flaky", Duration.ofMillis(50), () -> {
            if (runs.incrementAndGet() <= 2) {
                throw new IllegalStateException("boom " + runs.get());
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 4);

        JobStatus status = scheduler.job("flaky").orElseThrow();
        assertThat(status.failures()).isEqualTo(2);
        assertThat(status.runs()).isGreaterThanOrEqualTo(3);
        assertThat(status.isFailing()).isFalse();
        assertThat(status.schedule()).isEqualTo("every 0.05s");
    }

    @Test
    void failingJobReportsItsError() {
        scheduler.every("broken", Duration.ofHours(1), () -> {
            throw new IllegalStateException("disk full");
        });

        await().atMost(Duration.ofSeconds(10))
                .until(() -> scheduler.job("broken").orElseThrow().runs() == 1);

        JobStatus status = scheduler.job("broken").orElseThrow();
        assertThat(status.isFailing()).isTrue();
        assertThat(status.lastError()).isEqualTo("disk full");
        assertThat(status.nextRun()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
    }

    @Test
    void runsOfOneJobNeverOverlap() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        scheduler.manual("slow", () -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            release.await(10, TimeUnit.SECONDS);
            concurrent.decrementAndGet();
        });

        assertThat(scheduler.runNow("slow")).isTrue();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> scheduler.job("slow").orElseThrow().running());
        assertThat(scheduler.runNow("slow")).isFalse();
        release.countDown();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> scheduler.job("slow").orElseThrow().runs() == 1);
        assertThat(maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void scheduledSlotThatFindsAManualRunInProgressKeepsTheScheduleGoing() {
        // a fixed clock half a second before a minute: every slot computed from it is 500 ms away
        Clock fixed = Clock.fixed(Instant.parse("2026-11-23T10:07:59.500Z"), ZoneOffset.UTC);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (Scheduler cron = Scheduler.create(fixed, 2)) {
            cron.cron("backup", CronSchedule.parse("test", "* * * * *"), () -> {
                if (runs.incrementAndGet() == 1) {
                    release.await(10, TimeUnit.SECONDS);
                }
            });
            assertThat(cron.runNow("backup")).isTrue(); // holds the job past its first slot
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> cron.job("backup").orElseThrow().running());
            await().pollDelay(Duration.ofMillis(800))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> true);
            release.countDown();

            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 2);
        }
    }

    @Test
    void manualJobHasNoNextRunUntilAskedFor() {
        scheduler.manual("backup-rdb", () -> {});

        JobStatus status = scheduler.job("backup-rdb").orElseThrow();
        assertThat(status.nextRun()).isNull();
        assertThat(status.schedule()).isEqualTo("on demand");
        assertThat(status.runs()).isZero();
    }

    @Test
    void cronJobIsScheduledAtTheNextMatchingTimeInTheClocksZone() {
        Clock fixed = Clock.fixed(Instant.parse("2026-11-23T10:07:30Z"), ZoneOffset.UTC);
        try (Scheduler cron = Scheduler.create(fixed, 1)) {
            cron.cron("memory-check", CronSchedule.parse("test", "*/10 * * * *"), () -> {});

            assertThat(cron.job("memory-check").orElseThrow().nextRun())
                    .isEqualTo(Instant.parse("2026-11-23T10:10:00Z"));
        }
    }

    @Test
    void duplicateNameIsRefused() {
        scheduler.manual("twice", () -> {});
        assertThatThrownBy(() -> scheduler.manual("twice", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already scheduled");
        assertThatThrownBy(() -> scheduler.runNow("missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no job named 'missing'");
    }
}

package io.steward.ha.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.test.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Deadline} on a clock the test moves: every pause is recorded and advances the clock instead of sleeping. */
class DeadlineTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final List<Duration> pauses = new ArrayList<>();
    private final Deadline.Pause pause = d -> {
        pauses.add(d);
        clock.advance(d);
    };

    @Test
    void cutsTheLastPauseToWhatIsLeftAndStopsAtTheLimit() {
        Deadline deadline = new Deadline(clock, pause, Duration.ofMillis(500));

        int polls = 1;
        while (deadline.pauseBeforeNextPoll(Duration.ofMillis(200))) {
            polls++;
        }

        assertThat(pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(100));
        assertThat(polls).isEqualTo(4);
        assertThat(deadline.passed()).isTrue();
        assertThat(deadline.elapsedMillis()).isEqualTo(500);
    }

    @Test
    void aSlowPollUsesUpTheTimeSoNoPauseFollows() {
        Deadline deadline = new Deadline(clock, pause, Duration.ofSeconds(2));

        clock.advance(Duration.ofSeconds(3)); // a poll that waited for a connect timeout

        assertThat(deadline.pauseBeforeNextPoll(Duration.ofMillis(200))).isFalse();
        assertThat(pauses).isEmpty();
        assertThat(deadline.elapsedMillis()).isEqualTo(3000);
    }

    @Test
    void boundsThePollsEvenWhenTheClockStandsStill() {
        assertThat(Deadline.maxPolls(Duration.ofSeconds(60), Duration.ofMillis(200)))
                .isEqualTo(302);
        assertThat(Deadline.maxPolls(Duration.ZERO, Duration.ofMillis(200))).isEqualTo(2);
    }

    @Test
    void aZeroLimitHasPassedAtOnce() {
        Deadline deadline = new Deadline(clock, pause, Duration.ZERO);

        assertThat(deadline.passed()).isTrue();
        assertThat(deadline.pauseBeforeNextPoll(Duration.ofMillis(200))).isFalse();
    }
}

package io.steward.ha.sentinel;

import io.steward.StewardException;
import java.time.Clock;
import java.time.Duration;

/**
 * A time limit on a clock for one wait: how long is left, and pauses between polls cut to what is left, so that a
 * wait ends at its limit rather than a poll interval later. Not thread-safe: one per wait.
 */
final class Deadline {

    /** Waits between two polls; the seam through which tests move a clock instead of sleeping. */
    interface Pause {
        void sleep(Duration duration);
    }

    /** Sleeps on the current thread; an interrupt ends the wait with a {@link StewardException}. */
    static final Pause SLEEP = Deadline::sleep;

    private final Clock clock;
    private final Pause pause;
    private final long start;
    private final long end;

    Deadline(Clock clock, Pause pause, Duration limit) {
        this.clock = clock;
        this.pause = pause;
        this.start = clock.millis();
        this.end = start + limit.toMillis();
    }

    long elapsedMillis() {
        return clock.millis() - start;
    }

    boolean passed() {
        return clock.millis() >= end;
    }

    /**
     * Pauses for {@code interval} or what is left, whichever is shorter.
     *
     * @return {@code false}, without pausing, when the limit has passed: the caller stops polling
     */
    boolean pauseBeforeNextPoll(Duration interval) {
        long left = end - clock.millis();
        if (left <= 0) {
            return false;
        }
        pause.sleep(Duration.ofMillis(Math.min(left, interval.toMillis())));
        return true;
    }

    /**
     * An upper bound on polls within {@code limit}, for loops that must end even if the clock stands still: one per
     * interval plus the first and the last.
     */
    static long maxPolls(Duration limit, Duration interval) {
        return limit.toMillis() / Math.max(1, interval.toMillis()) + 2;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while waiting for the Sentinels", e);
        }
    }
}

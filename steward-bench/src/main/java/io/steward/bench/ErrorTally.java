package io.steward.bench;

import io.steward.StewardException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Errors a contestant threw while measured (a command time-out under load, say): counted and reported with the first
 * one's message instead of ending the whole benchmark, up to {@link #MAX} per phase. Thread-safe.
 */
final class ErrorTally {

    static final long MAX = 1000;

    private final String what;
    private final AtomicLong count = new AtomicLong();
    private final AtomicReference<String> first = new AtomicReference<>();

    ErrorTally(String what) {
        this.what = what;
    }

    /**
     * @throws StewardException when this was one error more than {@link #MAX}
     */
    void record(RuntimeException e) {
        first.compareAndSet(null, e.toString());
        if (count.incrementAndGet() > MAX) {
            throw new StewardException(what + ": more than " + MAX + " errors; the first: " + first.get(), e);
        }
    }

    long count() {
        return count.get();
    }

    /** The first error's message, or null when there was none. */
    String first() {
        return first.get();
    }
}

package io.steward.bench;

import java.time.Duration;

/** One rate limiter in {@code steward bench ratelimit}. Thread-safe. */
interface RateLimitContestant extends AutoCloseable {

    /** What {@link Limiter#tryAcquire()} returns for a denied request. */
    long DENIED = Long.MIN_VALUE;

    /** One limit on one identity. Thread-safe. */
    @FunctionalInterface
    interface Limiter {
        /**
         * Asks for one permit.
         *
         * @return {@link #DENIED}, or when allowed the instant of the decision in nanoseconds on the clock
         *     {@link #clock()} names (the server's {@code TIME}, or the client's {@link System#nanoTime()} at the
         *     reply)
         */
        long tryAcquire();
    }

    String name();

    /** How the contestant is set up, for the report. */
    String description();

    /** Whose clock stamps the allowed decisions: "server" or "client". */
    String clock();

    /**
     * The contract: the most admissions it may make in any window as long as {@code period} at {@code limit} per
     * period ({@code limit} for a sliding window, {@code limit + burst} for a token bucket or GCRA).
     */
    long bound(long limit);

    /** Permits it may admit at once beyond the steady rate; 0 for a sliding window, which admits by windows. */
    long burst(long limit);

    /** A limiter of {@code limit} per {@code period} on {@code identity}, on state of its own. */
    Limiter limiter(String identity, long limit, Duration period);

    @Override
    void close();
}

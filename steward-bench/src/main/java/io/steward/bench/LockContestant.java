package io.steward.bench;

import java.time.Duration;

/** One lock implementation in {@code steward bench locks}. Thread-safe. */
interface LockContestant extends AutoCloseable {

    /** A lock this contestant holds. */
    @FunctionalInterface
    interface Held {
        /** Releases the lock; called on the thread that acquired it. */
        void release();

        /** The fencing token of this acquisition, or -1 when the contestant has none. */
        default long fencingToken() {
            return -1;
        }

        static Held fenced(long token, Runnable release) {
            return new Held() {
                @Override
                public void release() {
                    release.run();
                }

                @Override
                public long fencingToken() {
                    return token;
                }
            };
        }
    }

    String name();

    /** How the contestant is used, for the report. */
    String description();

    /**
     * Acquires {@code name}, waiting up to {@code wait} for another holder to release it.
     *
     * @return the held lock, or null when the wait ran out
     */
    Held acquire(String name, Duration wait) throws InterruptedException;

    @Override
    void close();
}

package io.steward.client.cache.internal;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The time a near-cache hit compares an entry's expiry with. Reading the system clock costs about as much as the
 * Caffeine lookup itself (docs/benchmarks.md, "cache-l1"), so for the system clock a daemon thread reads it once per
 * {@link #TICK_MILLIS} and a hit reads a volatile field: a near entry may be served about one tick past its expiry
 * (longer while that thread is starved of CPU).
 * Any other clock (a test's) is read on every call, so moving it is seen at once.
 */
final class NearClock implements AutoCloseable {

    static final long TICK_MILLIS = 10;

    private final Clock clock;
    private final Thread ticker;
    private volatile long now;
    private volatile boolean closed;

    NearClock(Clock clock, String threadName) {
        this.clock = clock;
        this.now = clock.millis();
        if (clock.equals(Clock.system(clock.getZone()))) {
            this.ticker = new Thread(this::tick, threadName);
            ticker.setDaemon(true);
            ticker.start();
        } else {
            this.ticker = null;
        }
    }

    long millis() {
        return ticker == null ? clock.millis() : now;
    }

    private void tick() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            Thread.interrupted(); // an interrupt would make every park return at once; only close() stops it
            now = clock.millis();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            LockSupport.unpark(ticker);
        }
    }
}

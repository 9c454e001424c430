package io.steward.client.token;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link TokenStats}, cheap under contention. */
final class TokenCounters {

    private final LongAdder issued = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder verified = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder exhausted = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder verifyNanos = new LongAdder();
    private final LongAdder errors = new LongAdder();

    void issued() {
        issued.increment();
    }

    void refused() {
        refused.increment();
    }

    void error() {
        errors.increment();
    }

    void verified(VerifyResult result, long nanos) {
        verifyNanos.add(nanos);
        switch (result) {
            case VALID -> verified.increment();
            case WRONG -> wrong.increment();
            case EXPIRED -> expired.increment();
            case EXHAUSTED -> exhausted.increment();
            case UNKNOWN -> unknown.increment();
        }
    }

    TokenStats snapshot() {
        long w = wrong.sum();
        long x = expired.sum();
        long e = exhausted.sum();
        long u = unknown.sum();
        return new TokenStats(
                issued.sum(),
                verified.sum(),
                w + x + e + u,
                refused.sum(),
                w,
                x,
                e,
                u,
                verifyNanos.sum(),
                errors.sum());
    }
}

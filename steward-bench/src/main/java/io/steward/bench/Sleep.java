package io.steward.bench;

import io.steward.StewardException;

/** Pauses of the benchmark loops; an interrupt ends the benchmark with the flag kept. */
final class Sleep {

    private Sleep() {}

    /**
     * @throws StewardException when interrupted, naming what was being waited for
     */
    static void millis(long millis, String waitingFor) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while waiting for " + waitingFor, e);
        }
    }
}

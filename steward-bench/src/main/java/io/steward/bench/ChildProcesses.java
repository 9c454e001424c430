package io.steward.bench;

import io.steward.StewardException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the processes a benchmark started. */
final class ChildProcesses {

    private ChildProcesses() {}

    /** SIGTERM, then SIGKILL when {@code process} has not exited after {@code grace}. */
    static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while stopping process " + process.pid(), e);
        }
    }
}

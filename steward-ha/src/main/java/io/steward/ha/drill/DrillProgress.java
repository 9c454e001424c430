package io.steward.ha.drill;

import io.steward.HostAndPort;
import java.time.Instant;

/**
 * What a drill tells its caller while it runs, on the drill's thread; implementations must return
 * quickly. Every method has an empty default.
 */
public interface DrillProgress {

    /** Waiting for the deployment to settle before run {@code run} of {@code runs}. */
    default void settling(int run, int runs) {}

    /** The fault of run {@code run} was injected into {@code master} at {@code at}. */
    default void faultInjected(int run, DrillMode mode, HostAndPort master, Instant at) {}

    /** A step of run {@code run}: {@code "switched to 127.0.0.1:6380"}, {@code "verifying"}, ... */
    default void step(int run, String description) {}

    /** Run {@code run} ended with these figures. */
    default void runFinished(DrillRun run) {}

    /** A progress listener that ignores everything. */
    static DrillProgress none() {
        return new DrillProgress() {};
    }
}

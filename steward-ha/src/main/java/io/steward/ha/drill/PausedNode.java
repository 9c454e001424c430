package io.steward.ha.drill;

import io.steward.provision.LocalNode;
import java.util.Objects;

/**
 * A master frozen with SIGSTOP that is resumed whatever ends the drill: {@link #resume()} on the
 * normal path, and a shutdown hook when the JVM exits on SIGINT or SIGTERM, which skips the drill's
 * {@code finally} blocks. A SIGKILLed drill cannot resume it; the supervisor's next {@code up} or
 * {@code kill -CONT} can. Not thread-safe: the drill thread pauses and resumes.
 */
final class PausedNode implements AutoCloseable {

    private final LocalNode node;
    private final Thread resumeOnExit;
    private boolean resumed;

    private PausedNode(LocalNode node) {
        this.node = node;
        this.resumeOnExit = new Thread(node::resume, "steward-drill-resume-" + node.name());
    }

    /**
     * Registers the hook that resumes {@code node} when the JVM exits. Call {@link #stop()} next: the
     * hook exists before the node can be stopped, so no moment leaves a stopped node without a way
     * back, and the caller holds this before the signal is sent.
     */
    static PausedNode arm(LocalNode node) {
        PausedNode paused = new PausedNode(Objects.requireNonNull(node, "node"));
        Runtime.getRuntime().addShutdownHook(paused.resumeOnExit);
        return paused;
    }

    /** Sends SIGSTOP; when that fails, resumes (harmless on a running node) and drops the hook. */
    void stop() {
        try {
            node.pause();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Sends SIGCONT and drops the hook; idempotent. */
    void resume() {
        if (resumed) {
            return;
        }
        resumed = true;
        try {
            node.resume();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(resumeOnExit);
            } catch (IllegalStateException e) {
                // the JVM is shutting down, and the hook resumes the node anyway
            }
        }
    }

    @Override
    public void close() {
        resume();
    }
}

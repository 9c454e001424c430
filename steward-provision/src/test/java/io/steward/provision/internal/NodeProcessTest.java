package io.steward.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Stopping processes this JVM did not start, as {@code down} and the detached supervisor do. */
class NodeProcessTest {

    @Test
    void terminateReturnsWhenTheProcessHasExitedThoughItIsNotYetReaped() throws Exception {
        // the shell becomes a 'sleep' that never reaps its background child: once that child exits,
        // it stays a zombie, as an adopted node does until init reaps it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 300 & exec sleep 300").start();
        try {
            ProcessHandle child = await().atMost(Duration.ofSeconds(30))
                    .until(() -> parent.toHandle().children().findFirst().orElse(null), c -> c != null);

            CompletableFuture<Void> stopping =
                    CompletableFuture.runAsync(() -> NodeProcess.terminate(child, Duration.ofMinutes(10)));

            await("terminate returning well before its grace period")
                    .atMost(Duration.ofMinutes(2))
                    .until(stopping::isDone);
            assertThat(child.isAlive())
                    .as("a zombie still counts as alive for the JDK")
                    .isTrue();
            assertThat(NodeProcess.hasExited(child)).isTrue();
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    void runningProcessHasNotExited() throws Exception {
        Process process = new ProcessBuilder("sleep", "300").start();
        try {
            assertThat(NodeProcess.hasExited(process.toHandle())).isFalse();
        } finally {
            process.destroyForcibly().waitFor();
        }
        assertThat(NodeProcess.hasExited(process.toHandle())).isTrue();
    }
}

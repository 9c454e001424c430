package io.steward.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a process as the unprivileged user {@code nobody} (through {@code setpriv}), for what root
 * cannot observe: a directory root may always read is unreadable to {@code nobody}. Tests that use it
 * are skipped unless they run as root with {@code setpriv} installed.
 */
final class AsNobody {

    static final int UID = 65534;
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final long TIMEOUT_SECONDS = 120;

    /** What the process wrote and how it exited. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private AsNobody() {}

    /** Skips the calling test unless it can switch to {@code nobody}. */
    static void assumeAvailable() {
        assumeTrue("root".equals(System.getProperty("user.name")), "switching to nobody needs root");
        assumeTrue(Files.isExecutable(SETPRIV), "needs " + SETPRIV);
    }

    /** Runs {@code command} as {@code nobody} with {@code env} (and PATH) as its whole environment. */
    static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(
                List.of(SETPRIV.toString(), "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--"));
        argv.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("HOME", "/tmp");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> read(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The java binary running this test, which {@code nobody} may run too. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}

package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.provision.OwnerOnlyFiles;
import io.steward.provision.SecretStore;
import io.steward.server.internal.DaemonLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward serve} as a user runs it: {@code steward.jar} in its own JVM, with its own logging. */
class ServeIT {

    @Test
    void busyPortGivesOnlyStewardsOneLineError(@TempDir Path home) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            writeHome(home, taken.getLocalPort());
            Path jar = Path.of("target", "steward.jar").toAbsolutePath();
            String java = ProcessHandle.current().info().command().orElse("java");
            Process serve = new ProcessBuilder(java, "-jar", jar.toString(), "--home", home.toString(), "serve")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try {
                String err = new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                String out = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();

                assertThat(serve.exitValue()).as(err).isEqualTo(ExitCodes.FAILED);
                assertThat(out).isEmpty();
                assertThat(err.lines().toList()).as(err).singleElement().satisfies(line -> assertThat(line)
                        .startsWith("error: the daemon cannot listen on 127.0.0.1:" + taken.getLocalPort())
                        .contains("--port"));
            } finally {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void secondDaemonOnOneHomeIsRefusedNamingTheRunningOneUntilThatOneIsKilled(@TempDir Path home) throws Exception {
        int port = freePort();
        writeHome(home, port);
        Path jar = Path.of("target", "steward.jar").toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process first = new ProcessBuilder(java, "-jar", jar.toString(), "--home", home.toString(), "serve")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine(); // ends when the daemon runs or its process ends
            } while (line != null && !line.contains("is running"));
            assertThat(line).as("the first daemon started").isNotNull();

            CliRun second = CliRun.of("--home", home.toString(), "serve", "--port", String.valueOf(freePort()));

            assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.FAILED);
            assertThat(second.out()).isEmpty();
            assertThat(second.err().lines().toList()).singleElement().satisfies(l -> assertThat(l)
                    .startsWith("error: a Steward daemon already runs for " + home)
                    .contains("pid " + first.pid(), "http://127.0.0.1:" + port + "/", "steward down"));

            first.destroyForcibly().waitFor(); // kill -9: the operating system releases the lock
            try (DaemonLock lock = DaemonLock.acquire(home)) {
                assertThat(lock).isNotNull();
            }
        } finally {
            first.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A standalone deployment's steward.yaml with the dashboard on {@code port}; nothing needs to run. */
    private static void writeHome(Path home, int port) throws IOException {
        Path token = SecretStore.in(home.resolve("secrets")).dashboardTokenFile();
        OwnerOnlyFiles.replace(token, "serve-it-token-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                home.resolve("steward.yaml"),
                """
                name: serve-it
                topology: { mode: standalone, nodes: [127.0.0.1:1] }
                server: { bind: 127.0.0.1, port: %d, token-file: %s }
                """
                        .formatted(port, token));
    }
}

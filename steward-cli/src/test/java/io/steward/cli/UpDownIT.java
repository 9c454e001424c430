package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every topology, TLS on and off: {@code up -d} comes up healthy, and {@code down} leaves no process. */
class UpDownIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Stream<Arguments> topologies() {
        List<Arguments> all = new ArrayList<>();
        for (TopologyMode mode : TopologyMode.values()) {
            all.add(Arguments.of(mode, false));
            all.add(Arguments.of(mode, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("topologies")
    void shouldComeUpHealthyAndLeaveNothingRunningAfterDown(TopologyMode mode, boolean tls, @TempDir Path tmp)
            throws Exception {
        Path home = tmp.resolve("home");
        int base = FreePorts.portBase(mode);
        List<String> up = new ArrayList<>(List.of(
                "--home",
                home.toString(),
                "--json",
                "up",
                "-d",
                "--topology",
                mode.id(),
                "--port-base",
                String.valueOf(base)));
        if (tls) {
            up.add("--tls");
        }
        List<Long> pids = new ArrayList<>();
        int daemonPort = -1;
        try {
            CliRun started = CliRun.of(up.toArray(String[]::new));
            assertThat(started.exitCode()).as(started.toString()).isZero();
            JsonNode upJson = JSON.readTree(started.out());
            assertThat(upJson.get("status").asText()).isEqualTo("healthy");
            pids.add(upJson.get("supervisorPid").asLong());
            // 'up' means up: the daemon's /health answers 200 the moment 'up -d' returns, no retries
            URI dashboard = URI.create(upJson.get("dashboard").asText());
            assertThat(get(dashboard.resolve("/health"), null)).isEqualTo(200);

            CliRun status = CliRun.of("--home", home.toString(), "--json", "status");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            for (JsonNode node : JSON.readTree(status.out()).get("nodes")) {
                assertThat(node.get("pid").isNull()).as(node.toString()).isFalse();
                pids.add(node.get("pid").asLong());
            }
            assertThat(pids).hasSize(1 + (mode == TopologyMode.STANDALONE ? 1 : 6));

            CliRun health = CliRun.of("--home", home.toString(), "health");
            assertThat(health.exitCode()).as(health.toString()).isZero();

            // the supervisor hosts the daemon: the dashboard answers with the token, refuses without
            String token = Files.readString(
                            Path.of(upJson.get("dashboardTokenFile").asText()))
                    .strip();
            assertThat(started.out()).doesNotContain(token);
            assertThat(get(dashboard.resolve("/api/topology"), null)).isEqualTo(401);
            assertThat(get(dashboard.resolve("/api/topology"), token)).isEqualTo(200);
            daemonPort = dashboard.getPort();

            try (Stream<Path> secrets = Files.list(home.resolve("secrets"))) {
                secrets.forEach(
                        f -> assertThat(permissionsOf(f)).as(f.toString()).isEqualTo("rw-------"));
            }
        } finally {
            CliRun down = CliRun.of("--home", home.toString(), "down");
            assertThat(down.exitCode()).as(down.toString()).isZero();
        }
        // down returns once the processes have exited; init reaps them (their parent 'up' is gone) a little later
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false))
                        .as("pid %d still alive after down", pid)
                        .isFalse()));
        assertThat(daemonPort).isPositive();
        assertThat(listening(daemonPort))
                .as("dashboard port %d after down", daemonPort)
                .isFalse();
    }

    private static int get(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String permissionsOf(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

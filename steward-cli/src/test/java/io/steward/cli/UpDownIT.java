package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        try {
            CliRun started = CliRun.of(up.toArray(String[]::new));
            assertThat(started.exitCode()).as(started.toString()).isZero();
            JsonNode upJson = JSON.readTree(started.out());
            assertThat(upJson.get("status").asText()).isEqualTo("healthy");
            pids.add(upJson.get("supervisorPid").asLong());

            CliRun status = CliRun.of("--home", home.toString(), "--json", "status");
            assertThat(status.exitCode()).as(status.toString()).isZero();
            for (JsonNode node : JSON.readTree(status.out()).get("nodes")) {
                assertThat(node.get("pid").isNull()).as(node.toString()).isFalse();
                pids.add(node.get("pid").asLong());
            }
            assertThat(pids).hasSize(1 + (mode == TopologyMode.STANDALONE ? 1 : 6));

            CliRun health = CliRun.of("--home", home.toString(), "health");
            assertThat(health.exitCode()).as(health.toString()).isZero();

            try (Stream<Path> secrets = Files.list(home.resolve("secrets"))) {
                secrets.forEach(
                        f -> assertThat(permissionsOf(f)).as(f.toString()).isEqualTo("rw-------"));
            }
        } finally {
            CliRun down = CliRun.of("--home", home.toString(), "down");
            assertThat(down.exitCode()).as(down.toString()).isZero();
        }
        assertThat(pids).allSatisfy(pid -> assertThat(
                        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("pid %d still alive after down", pid)
                .isFalse());
    }

    private static String permissionsOf(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

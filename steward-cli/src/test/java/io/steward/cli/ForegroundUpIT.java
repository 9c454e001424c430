package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.provision.DeploymentPlan;
import io.steward.provision.LocalHome;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import io.steward.test.FreePorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up} in the foreground, as a user runs it: Ctrl-C (SIGINT) stops every node it started. */
class ForegroundUpIT {

    @Test
    void ctrlCStopsEveryNode(@TempDir Path tmp) throws Exception {
        Path jar = Path.of("target", "steward.jar").toAbsolutePath();
        int base = FreePorts.portBase(TopologyMode.STANDALONE);
        DeploymentPlan plan = DeploymentPlan.local(TopologyMode.STANDALONE, Profile.DEVELOPMENT, false, base);
        int port = plan.redisNodes().get(0).port();
        Path home = tmp.resolve("home");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process up = new ProcessBuilder(
                        java,
                        "-jar",
                        jar.toString(),
                        "--home",
                        home.toString(),
                        "up",
                        "--topology",
                        "standalone",
                        "--port-base",
                        String.valueOf(base))
                .redirectErrorStream(true)
                .start();
        try {
            boolean healthy = false;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null && !healthy; line = out.readLine()) {
                    healthy = line.contains("is up and healthy");
                }
                assertThat(healthy).as("up printed its healthy line").isTrue();
                // 'up' means up: the daemon's /health answers 200 once the line is printed, no retries
                URI health = URI.create("http://127.0.0.1:" + LocalConfig.dashboardPort(plan) + "/health");
                assertThat(HttpClient.newHttpClient()
                                .send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .isEqualTo(200);
                long redisPid = Long.parseLong(Files.readString(home.resolve("nodes/" + port + "/redis.pid"))
                        .strip());
                assertThat(ProcessHandle.of(redisPid)).isPresent();

                new ProcessBuilder("kill", "-INT", String.valueOf(up.pid()))
                        .start()
                        .waitFor(10, TimeUnit.SECONDS);

                assertThat(up.waitFor(60, TimeUnit.SECONDS))
                        .as("up exits after Ctrl-C")
                        .isTrue();
                assertThat(ProcessHandle.of(redisPid)
                                .map(ProcessHandle::isAlive)
                                .orElse(false))
                        .isFalse();
            }
        } finally {
            up.destroyForcibly();
            CliRun.of("--home", home.toString(), "down");
        }
    }

    @Test
    void ctrlCWhileStartingLeavesNothingRunning(@TempDir Path tmp) throws Exception {
        Path jar = Path.of("target", "steward.jar").toAbsolutePath();
        int base = FreePorts.portBase(TopologyMode.SENTINEL);
        DeploymentPlan plan = DeploymentPlan.local(TopologyMode.SENTINEL, Profile.DEVELOPMENT, false, base);
        Path home = tmp.resolve("home");
        Path firstPidFile = home.resolve("nodes/" + plan.redisNodes().get(0).port() + "/redis.pid");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process up = new ProcessBuilder(
                        java,
                        "-jar",
                        jar.toString(),
                        "--home",
                        home.toString(),
                        "up",
                        "--port-base",
                        String.valueOf(base))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(firstPidFile) || !up.isAlive());
            assertThat(up.isAlive()).as("up is still starting").isTrue();

            new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor(10, TimeUnit.SECONDS);

            assertThat(up.waitFor(60, TimeUnit.SECONDS))
                    .as("up exits after Ctrl-C")
                    .isTrue();
            assertThat(LocalHome.inspect(home).orElseThrow().nodes())
                    .allSatisfy(
                            node -> assertThat(node.isRunning()).as(node.name()).isFalse());
        } finally {
            up.destroyForcibly();
            CliRun.of("--home", home.toString(), "down");
        }
    }
}

package io.steward.server;

import io.steward.HostAndPort;
import io.steward.ops.config.AlertsConfig;
import io.steward.ops.config.AuthConfig;
import io.steward.ops.config.ScheduleConfig;
import io.steward.ops.config.ServerConfig;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.Thresholds;
import io.steward.ops.config.TlsConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.OwnerOnlyFiles;
import io.steward.provision.Profile;
import io.steward.provision.SecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Starts the daemon on port 0 against a test topology and calls it over real HTTP. */
final class DaemonFixture {

    /** Collection interval in tests: short, so rounds happen while a test waits. */
    static final Duration METRICS_INTERVAL = Duration.ofSeconds(1);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DaemonFixture() {}

    /** The configuration of {@code topology} as admin, with a token file in {@code home}. */
    static StewardConfig config(LocalTopology topology, Path home, AlertsConfig alerts) {
        TopologyConfig model =
                switch (topology.mode()) {
                    case SENTINEL -> TopologyConfig.sentinel(topology.masterName(), endpoints(topology.sentinels()));
                    case CLUSTER -> TopologyConfig.cluster(endpoints(topology.redisNodes()));
                    case STANDALONE -> TopologyConfig.standalone(topology.master());
                };
        return StewardConfig.builder(model)
                .name("it")
                .profile(Profile.DEVELOPMENT)
                .auth(AuthConfig.withPasswordFile("admin", topology.passwordFile("admin")))
                .tls(topology.tls()
                        .map(f -> TlsConfig.enabled(f.ca(), f.clientCert(), f.clientKey()))
                        .orElse(TlsConfig.DISABLED))
                .thresholds(Thresholds.builder().pingWarn(Duration.ofSeconds(1)).build())
                .schedule(new ScheduleConfig(
                        METRICS_INTERVAL,
                        ScheduleConfig.DEFAULT_MEMORY_CHECK,
                        ScheduleConfig.DEFAULT_TRENDS,
                        ScheduleConfig.DEFAULT_CAPACITY))
                .alerts(alerts)
                .server(new ServerConfig("127.0.0.1", ServerConfig.DEFAULT_PORT, writeToken(home)))
                .baseDir(home)
                .build();
    }

    /** The daemon for {@code topology} on a free port with default alerts. */
    static StewardDaemon start(LocalTopology topology, Path home) {
        return start(config(topology, home, AlertsConfig.DEFAULT), home);
    }

    static StewardDaemon start(StewardConfig config, Path home) {
        return StewardDaemon.start(config, home, new DaemonOptions("127.0.0.1", 0, Clock.systemUTC()));
    }

    /** The token the daemon of {@code home} requires. */
    static String token(Path home) {
        try {
            return Files.readString(tokenFile(home)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET {@code path} with the bearer token, or without one when {@code token} is null. */
    static HttpResponse<String> get(StewardDaemon daemon, String path, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(daemon.url().resolve(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET().build());
    }

    static HttpResponse<String> post(StewardDaemon daemon, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(daemon.url().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI url(StewardDaemon daemon, String path) {
        return daemon.url().resolve(path);
    }

    private static Path tokenFile(Path home) {
        return SecretStore.in(home.resolve("secrets")).dashboardTokenFile();
    }

    private static Path writeToken(Path home) {
        Path file = tokenFile(home);
        if (!Files.exists(file)) {
            try {
                OwnerOnlyFiles.replace(
                        file, ("it-token-" + System.nanoTime() + "-abcdef").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    private static List<HostAndPort> endpoints(List<LocalNode> nodes) {
        return nodes.stream().map(LocalNode::endpoint).toList();
    }
}

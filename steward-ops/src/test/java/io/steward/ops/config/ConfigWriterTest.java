package io.steward.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.ops.config.AlertsConfig.RuleOverride;
import io.steward.provision.DataRole;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {

    @TempDir
    Path dir;

    private static final Map<String, String> ENV = Map.of("REDIS_PASSWORD", "pw");

    @Test
    void shouldReadBackAnEqualConfigWhenEverySectionIsSet() throws IOException {
        Path file = dir.resolve("steward.yaml");
        Path tls = Files.createDirectories(dir.resolve("tls"));
        for (String name : List.of("ca.crt", "client.crt", "client.key")) {
            Files.writeString(tls.resolve(name), "PEM"); // the loader checks that TLS files are readable
        }
        StewardConfig config = StewardConfig.builder(new TopologyConfig(
                        TopologyMode.SENTINEL,
                        "steward",
                        List.of(HostAndPort.of("127.0.0.1", 26379), HostAndPort.of("::1", 26380)),
                        List.of(),
                        DataRole.CACHE))
                .file(file)
                .name("local")
                .profile(Profile.DEVELOPMENT)
                .auth(AuthConfig.withPasswordFile("admin", dir.resolve("secrets/admin.pass")))
                .tls(TlsConfig.enabled(
                        dir.resolve("tls/ca.crt"), dir.resolve("tls/client.crt"), dir.resolve("tls/client.key")))
                .thresholds(Thresholds.builder()
                        .pingWarn(Duration.ofMillis(25))
                        .memoryWarn(0.6)
                        .fragmentationMinUsed(128L << 20)
                        .certExpiryCritical(Duration.ofHours(36))
                        .sentinelsMin(5)
                        .build())
                .backup(new BackupConfig(
                        Path.of("/var/backups/redis"),
                        BackupConfig.Compression.NONE,
                        dir.resolve("secrets/backup.key"),
                        new BackupConfig.Schedule("0 * * * *", null, "0 5 * * *", "15 4 * * *"),
                        new BackupConfig.Retention(3, 14, 2)))
                .alerts(AlertsConfig.builder()
                        .repeatInterval(Duration.ofMinutes(90))
                        .thresholds(AlertThresholds.builder()
                                .memoryWarning(0.7)
                                .maxConnectedClients(2000)
                                .backupMaxAge(Duration.ofHours(36))
                                .fragmentationMax(1.75)
                                .fragmentationMinUsedMemory(256L << 20)
                                .build())
                        .override("memory-high", RuleOverride.of(Duration.ofSeconds(30), AlertSeverity.CRITICAL))
                        .override("slowlog-entries", RuleOverride.DISABLED)
                        .override("instance-down", RuleOverride.of(Duration.ZERO, null))
                        .notifier(AlertsConfig.Notifier.of(URI.create("https://hooks.example.com/x")))
                        .notifier(new AlertsConfig.Notifier(
                                URI.create("https://hooks.slack.com/services/T0/B0/secret"),
                                AlertsConfig.Notifier.Format.SLACK,
                                Duration.ofMillis(1500),
                                0))
                        .build())
                .server(new ServerConfig("0.0.0.0", 7390, dir.resolve("secrets/dashboard.token")))
                .schedule(new ScheduleConfig(Duration.ofMinutes(1), "*/5 * * * *", "0 0 * * *", "0 7 1 * *"))
                .build();

        ConfigWriter.write(config, file);

        assertThat(ConfigLoader.withEnvironment(ENV).read(file)).isEqualTo(config);
    }

    @Test
    void shouldReadBackAnEqualConfigWhenOnlyDefaultsAreSet() {
        Path file = dir.resolve("steward.yaml");
        StewardConfig config = StewardConfig.builder(TopologyConfig.cluster(
                        List.of(HostAndPort.of("127.0.0.1", 7000), HostAndPort.of("127.0.0.1", 7001))))
                .file(file)
                .build();

        ConfigWriter.write(config, file);

        assertThat(ConfigLoader.withEnvironment(ENV).read(file)).isEqualTo(config);
    }

    @Test
    void shouldWriteTidyYamlWithRelativePaths() throws IOException {
        Path file = dir.resolve("steward.yaml");
        StewardConfig config = StewardConfig.builder(TopologyConfig.standalone(HostAndPort.of("127.0.0.1", 6379)))
                .file(file)
                .name("local")
                .auth(AuthConfig.withPasswordFile("admin", dir.resolve("secrets/admin.pass")))
                .build();

        ConfigWriter.write(config, file);

        assertThat(Files.readString(file))
                .isEqualTo(
                        """
                name: local
                profile: production
                topology:
                  mode: standalone
                  nodes:
                    - 127.0.0.1:6379
                  role: store
                auth:
                  user: admin
                  password-file: secrets/admin.pass
                backup:
                  dir: backups
                  compress: zstd
                server:
                  bind: 127.0.0.1
                  port: 7380
                  token-file: secrets/dashboard.token
                """);
    }

    @Test
    void shouldWriteOnlyNonDefaultValuesOfAlertsAndSchedule() throws IOException {
        Path file = dir.resolve("steward.yaml");
        StewardConfig config = StewardConfig.builder(TopologyConfig.standalone(HostAndPort.of("127.0.0.1", 6379)))
                .file(file)
                .alerts(AlertsConfig.builder()
                        .thresholds(AlertThresholds.builder()
                                .memoryCritical(0.9)
                                .certificateExpiryWarning(Duration.ofDays(30))
                                .build())
                        .override("memory-high", new RuleOverride(Duration.ofMinutes(10), null, true))
                        .override("failover-happened", RuleOverride.DISABLED)
                        .notifier(new AlertsConfig.Notifier(
                                URI.create("http://127.0.0.1:9000/hook"),
                                AlertsConfig.Notifier.Format.SLACK,
                                AlertsConfig.Notifier.DEFAULT_TIMEOUT,
                                5))
                        .build())
                .schedule(new ScheduleConfig(
                        Duration.ofSeconds(10),
                        ScheduleConfig.DEFAULT_MEMORY_CHECK,
                        CronSchedule.parse("schedule.trends", "0 */2 * * *"),
                        ScheduleConfig.DEFAULT_CAPACITY))
                .build();

        ConfigWriter.write(config, file);

        assertThat(Files.readString(file))
                .contains(
                        """
                alerts:
                  rules: default
                  thresholds:
                    memory-critical: 0.9
                    certificate-expiry-warning: 30d
                  overrides:
                    memory-high:
                      for: 10m
                    failover-happened:
                      enabled: false
                  notify:
                    - webhook: http://127.0.0.1:9000/hook
                      format: slack
                      retries: 5
                server:
                """)
                .endsWith(
                        """
                schedule:
                  metrics: 10s
                  trends: 0 */2 * * *
                """);
        assertThat(ConfigLoader.withEnvironment(ENV).read(file)).isEqualTo(config);
    }

    @Test
    void shouldWriteVariableReferenceInsteadOfExpandedPassword() throws IOException {
        Path file = dir.resolve("steward.yaml");
        Files.writeString(
                file,
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                auth: { user: app, password: "${REDIS_PASSWORD}" }
                """);
        StewardConfig config = ConfigLoader.withEnvironment(ENV).read(file);
        Path copy = dir.resolve("copy.yaml");

        ConfigWriter.write(config, copy);

        assertThat(Files.readString(copy))
                .contains("password: \"${REDIS_PASSWORD}\"")
                .doesNotContain("pw\n");
        assertThat(ConfigLoader.withEnvironment(ENV).read(copy).auth()).isEqualTo(config.auth());
    }

    @Test
    void shouldRefuseToWriteLiteralPassword() {
        StewardConfig config = StewardConfig.builder(TopologyConfig.standalone(HostAndPort.of("h", 1)))
                .auth(AuthConfig.withPassword("app", "hunter2".toCharArray()))
                .build();

        assertThatThrownBy(() -> ConfigWriter.write(config, dir.resolve("steward.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.password: an inline password is never written");
        assertThat(dir.resolve("steward.yaml")).doesNotExist();
    }
}

package io.steward.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.provision.DataRole;
import io.steward.provision.Profile;
import io.steward.provision.TopologyMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String DESIGN_EXAMPLE =
            """
            name: local
            profile: production            # development | production
            topology:
              mode: sentinel               # standalone | sentinel | cluster
              master-name: steward
              sentinels: [127.0.0.1:26379, 127.0.0.1:26380, 127.0.0.1:26381]
            auth:
              user: admin
              password-file: secrets/admin.pass     # or password: ${REDIS_PASSWORD}
            tls: { enabled: false, ca: tls/ca.crt, cert: tls/client.crt, key: tls/client.key }
            thresholds: { memory-warn: 0.70, memory-critical: 0.85, hit-ratio-warn: 0.90 }
            backup: { dir: backups, compress: zstd, encryption-key-file: secrets/backup.key,
                      schedule: { rdb: "0 * * * *", full: "30 3 * * *", verify: "0 5 * * *" },
                      retention: { rdb-days: 7, full-days: 30, keep-last: 3 } }
            alerts: { rules: default, notify: [ { webhook: "http://127.0.0.1:9000/hook" } ] }
            server: { bind: 127.0.0.1, port: 7380, token-file: secrets/dashboard.token }
            """;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("steward.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private StewardConfig load(String yaml, Map<String, String> env) throws IOException {
        return ConfigLoader.withEnvironment(env).read(write(yaml));
    }

    private ConfigException loadError(String yaml, Map<String, String> env) throws IOException {
        Path file = write(yaml);
        try {
            ConfigLoader.withEnvironment(env).read(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void shouldLoadEverySectionWhenGivenTheDesignExample() throws IOException {
        StewardConfig config = load(DESIGN_EXAMPLE, Map.of());

        assertThat(config.name()).isEqualTo("local");
        assertThat(config.profile()).isEqualTo(Profile.PRODUCTION);
        assertThat(config.topology().mode()).isEqualTo(TopologyMode.SENTINEL);
        assertThat(config.topology().masterName()).isEqualTo("steward");
        assertThat(config.topology().sentinels())
                .containsExactly(
                        HostAndPort.of("127.0.0.1", 26379),
                        HostAndPort.of("127.0.0.1", 26380),
                        HostAndPort.of("127.0.0.1", 26381));
        assertThat(config.topology().role()).isEqualTo(DataRole.STORE);
        assertThat(config.auth().user()).contains("admin");
        assertThat(config.auth().passwordFile()).contains(dir.resolve("secrets/admin.pass"));
        assertThat(config.tls())
                .isEqualTo(new TlsConfig(
                        false,
                        dir.resolve("tls/ca.crt"),
                        dir.resolve("tls/client.crt"),
                        dir.resolve("tls/client.key")));
        assertThat(config.thresholds()).isEqualTo(Thresholds.DEFAULTS);
        assertThat(config.backup().dir()).isEqualTo(dir.resolve("backups"));
        assertThat(config.backup().encryptionKeyFile()).isEqualTo(dir.resolve("secrets/backup.key"));
        assertThat(config.backup().schedule().full()).hasToString("30 3 * * *");
        assertThat(config.backup().retention()).isEqualTo(BackupConfig.Retention.DEFAULT);
        assertThat(config.alerts().notifiers())
                .containsExactly(AlertsConfig.Notifier.of(URI.create("http://127.0.0.1:9000/hook")));
        assertThat(config.schedule()).isEqualTo(ScheduleConfig.DEFAULT);
        assertThat(config.server())
                .isEqualTo(new ServerConfig("127.0.0.1", 7380, dir.resolve("secrets/dashboard.token")));
        assertThat(config.file()).isEqualTo(dir.resolve("steward.yaml"));
        assertThat(config.baseDir()).isEqualTo(dir);
    }

    @Test
    void shouldApplyDefaultsWhenOnlyTopologyIsGiven() throws IOException {
        StewardConfig config = load("topology: { mode: standalone, nodes: [localhost:6379] }\n", Map.of());

        assertThat(config.name()).isEqualTo(StewardConfig.DEFAULT_NAME);
        assertThat(config.profile()).isEqualTo(StewardConfig.DEFAULT_PROFILE);
        assertThat(config.topology()).isEqualTo(TopologyConfig.standalone(HostAndPort.of("localhost", 6379)));
        assertThat(config.auth()).isEqualTo(AuthConfig.NONE);
        assertThat(config.tls()).isEqualTo(TlsConfig.DISABLED);
        assertThat(config.thresholds()).isEqualTo(Thresholds.DEFAULTS);
        assertThat(config.server().tokenFile()).isEqualTo(dir.resolve("secrets/dashboard.token"));
        assertThat(config)
                .isEqualTo(StewardConfig.builder(config.topology())
                        .file(dir.resolve("steward.yaml"))
                        .build());
    }

    @Test
    void shouldNameFileLineFieldAndAllowedValuesWhenTopologyIsUnknown() throws IOException {
        ConfigException e = loadError(
                """
                name: x
                topology:
                  mode: ha
                """,
                Map.of());

        assertThat(e.file()).contains(dir.resolve("steward.yaml"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("topology.mode");
        assertThat(e.getMessage())
                .isEqualTo(dir.resolve("steward.yaml") + ":3: topology.mode: unknown topology 'ha';"
                        + " allowed: standalone, sentinel, cluster");
    }

    @Test
    void shouldListAllowedKeysWhenTopLevelKeyIsUnknown() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                monitoring: yes
                """,
                Map.of());

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.field()).isEqualTo("monitoring");
        assertThat(e.getMessage())
                .contains("unknown key 'monitoring'; allowed: name, profile, topology, auth, tls,"
                        + " thresholds, backup, alerts, server, schedule");
    }

    @Test
    void shouldRejectUnknownThresholdNamingIt() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                thresholds:
                  memory-warn: 0.5
                  memory-danger: 0.9
                """,
                Map.of());

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("thresholds.memory-danger");
        assertThat(e.getMessage()).contains("allowed: ping-warn, memory-warn, memory-critical");
    }

    @Test
    void shouldExpandVariablesAndDefaultsWhenLoading() throws IOException {
        StewardConfig config = load(
                """
                name: ${DEPLOYMENT:-fallback}
                topology:
                  mode: standalone
                  nodes: ["${REDIS_HOST}:${REDIS_PORT:-6379}"]
                auth: { user: app, password: "${REDIS_PASSWORD}" }
                server: { port: "${PORT:-7390}", token-file: "$${HOME}/token" }
                """,
                Map.of("REDIS_HOST", "10.0.0.5", "REDIS_PASSWORD", "s3cret!", "DEPLOYMENT", ""));

        assertThat(config.name()).isEqualTo("fallback");
        assertThat(config.topology().nodes()).containsExactly(HostAndPort.of("10.0.0.5", 6379));
        assertThat(config.auth().password()).containsExactly("s3cret!".toCharArray());
        assertThat(config.auth().passwordReference()).contains("${REDIS_PASSWORD}");
        assertThat(config.server().port()).isEqualTo(7390);
        assertThat(config.server().tokenFile()).isEqualTo(dir.resolve("${HOME}/token"));
    }

    @Test
    void shouldNameVariableAndLineWhenVariableIsUnset() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                auth:
                  user: app
                  password: ${REDIS_PASSWORD}
                """,
                Map.of());

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("auth.password");
        assertThat(e.getMessage()).contains("environment variable REDIS_PASSWORD is not set");
    }

    @Test
    void shouldRejectMalformedVariableReference() throws IOException {
        ConfigException e = loadError("name: ${not closed\ntopology: { mode: standalone, nodes: [h:1] }\n", Map.of());

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.getMessage()).contains("malformed variable reference in '${not closed'");
    }

    @Test
    void shouldNotEchoPasswordWhenItsVariableReferenceIsMalformed() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                auth:
                  user: app
                  password: pa${ss
                """,
                Map.of());

        assertThat(e.file()).contains(dir.resolve("steward.yaml"));
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("auth.password");
        assertThat(e.getMessage()).contains("malformed variable reference").doesNotContain("pa${ss", "${ss");
    }

    @Test
    void shouldReportLineWhenYamlIsMalformed() throws IOException {
        ConfigException e = loadError(
                """
                name: x
                topology:
                  mode: standalone
                  nodes: [localhost:6379
                server: { port: 1 }
                """,
                Map.of());

        assertThat(e.line()).isGreaterThanOrEqualTo(4);
        assertThat(e.getMessage()).contains("malformed YAML");
    }

    @Test
    void shouldReportLineOfDuplicateKey() throws IOException {
        ConfigException e = loadError(
                """
                name: a
                topology: { mode: standalone, nodes: [localhost:6379] }
                name: b
                """,
                Map.of());

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).contains("name: appears twice");
    }

    @Test
    void shouldRequireMasterNameWhenModeIsSentinel() throws IOException {
        ConfigException e = loadError(
                """
                topology:
                  mode: sentinel
                  sentinels: [127.0.0.1:26379]
                """,
                Map.of());

        assertThat(e.field()).isEqualTo("topology.master-name");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("required in sentinel mode");
    }

    @Test
    void shouldNameEndpointFieldWhenPortIsNotANumber() throws IOException {
        ConfigException e = loadError(
                """
                topology:
                  mode: cluster
                  nodes:
                    - 127.0.0.1:7000
                    - 127.0.0.1:seven
                """,
                Map.of());

        assertThat(e.field()).isEqualTo("topology.nodes[1]");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.getMessage()).contains("'127.0.0.1:seven' has a port that is not a number");
    }

    @Test
    void shouldRequireTopologySection() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of()).read(write("name: x\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topology: required");
    }

    @Test
    void shouldRejectEmptyAndMissingFiles() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of()).read(write("# nothing\n")))
                .hasMessageContaining("file is empty");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("absent.yaml: file does not exist");
    }

    @Test
    void shouldParseRatiosSizesAndDurationsWhenThresholdsAreGiven() throws IOException {
        StewardConfig config = load(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                thresholds:
                  ping-warn: 25ms
                  memory-warn: 60%
                  fragmentation-min-used: 128mb
                  last-save-warn: 2h
                  cert-expiry-warn: 60d
                  sentinels-min: 5
                """,
                Map.of());

        Thresholds t = config.thresholds();
        assertThat(t.pingWarn()).isEqualTo(Duration.ofMillis(25));
        assertThat(t.memoryWarn()).isEqualTo(0.60);
        assertThat(t.fragmentationMinUsed()).isEqualTo(128L << 20);
        assertThat(t.lastSaveWarn()).isEqualTo(Duration.ofHours(2));
        assertThat(t.certExpiryWarn()).isEqualTo(Duration.ofDays(60));
        assertThat(t.sentinelsMin()).isEqualTo(5);
        assertThat(t.memoryCritical()).isEqualTo(Thresholds.DEFAULT_MEMORY_CRITICAL);
    }

    @Test
    void shouldReportThresholdLineWhenWarnIsNotBelowCritical() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                thresholds:
                  memory-critical: 0.8
                  memory-warn: 0.9
                """,
                Map.of());

        assertThat(e.field()).isEqualTo("thresholds.memory-warn");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).endsWith("thresholds.memory-warn: must be below memory-critical (0.8), was 0.9");
    }

    @Test
    void shouldRejectDurationWithoutUnit() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                thresholds: { ping-warn: 10 }
                """,
                Map.of());

        assertThat(e.field()).isEqualTo("thresholds.ping-warn");
        assertThat(e.getMessage()).contains("allowed: a whole number with a unit ms, s, m, h or d");
    }

    @Test
    void shouldRejectSectionThatIsNotAMapping() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                tls: yes
                """,
                Map.of());

        assertThat(e.field()).isEqualTo("tls");
        assertThat(e.getMessage()).contains("must be a mapping of keys, not a single value");
    }

    @Test
    void shouldRejectBothPasswordAndPasswordFile() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                auth:
                  user: app
                  password: x
                  password-file: app.pass
                """,
                Map.of());

        assertThat(e.field()).isEqualTo("auth.password");
        assertThat(e.line()).isEqualTo(4);
    }

    @Test
    void shouldReadPasswordFileLazilyRelativeToConfigDirectory() throws IOException {
        StewardConfig config = load(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                auth: { user: admin, password-file: secrets/admin.pass }
                """,
                Map.of());
        Path secret = Files.createDirectories(dir.resolve("secrets")).resolve("admin.pass");
        Files.writeString(secret, "correct horse battery staple\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

        assertThat(config.auth().password()).containsExactly("correct horse battery staple".toCharArray());
    }

    @Test
    void shouldTellToChmodWhenPasswordFileIsReadableByOthers() throws IOException {
        Path secret = dir.resolve("admin.pass");
        Files.writeString(secret, "pw");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        AuthConfig auth = load(
                        """
                topology: { mode: standalone, nodes: [localhost:6379] }
                auth: { user: admin, password-file: admin.pass }
                """,
                        Map.of())
                .auth();

        assertThatThrownBy(auth::password)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("accessible by group or others (rw-r--r--)")
                .hasMessageContaining("chmod 600 " + secret);
    }

    @Test
    void shouldAcceptReadOnlyOwnerPasswordFile() throws IOException {
        Path secret = dir.resolve("admin.pass");
        Files.writeString(secret, "pw\r\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("r--------"));

        assertThat(AuthConfig.withPasswordFile("admin", secret).password()).containsExactly('p', 'w');
    }

    @Test
    void shouldNeverShowPasswordInToString() throws IOException {
        StewardConfig config = load(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                auth: { user: app, password: "${PW:-hunter2}" }
                """,
                Map.of());

        assertThat(config.auth().password()).containsExactly("hunter2".toCharArray());
        assertThat(config.toString()).doesNotContain("hunter2").contains("${PW:-***}");
        assertThat(AuthConfig.withPassword("app", "hunter2".toCharArray()).toString())
                .doesNotContain("hunter2")
                .contains("password=***");
    }

    @Test
    void shouldDefaultRoleToStoreAndAcceptCache() throws IOException {
        StewardConfig config = load("topology: { mode: standalone, nodes: [h:1], role: cache }\n", Map.of());

        assertThat(config.topology().role()).isEqualTo(DataRole.CACHE);
        assertThat(config.topology().role().maxmemoryPolicy()).isEqualTo("allkeys-lru");
        assertThat(TopologyConfig.DEFAULT_ROLE.maxmemoryPolicy()).isEqualTo("noeviction");
        assertThat(config.topology().endpoints()).isEqualTo(List.of(HostAndPort.of("h", 1)));
    }

    // ---- issue 13: corrections from outside testing ----

    @Test
    void shouldSayTheConfigPathIsADirectoryAndWhatToGiveInstead() {
        assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of()).read(dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir + ": is a directory, not a steward.yaml file; give the file (such as "
                        + dir.resolve("steward.yaml") + "), or pass the directory as --home if it is a Steward home");
    }

    @Test
    void shouldNameThePathAndCauseWhenAPathComponentIsAFile() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> ConfigLoader.withEnvironment(Map.of()).read(notADirectory.resolve("steward.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(notADirectory.resolve("steward.yaml") + ": cannot read: Not a directory");
    }

    @Test
    void shouldRequireAuthUserNamingFileLineAndTheFix() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                auth:
                  password-file: secrets/admin.pass
                """,
                Map.of());

        assertThat(e.file()).contains(dir.resolve("steward.yaml"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("auth.user");
        assertThat(e.getMessage()).contains("required", "user: admin", "user: default");
    }

    @Test
    void shouldAcceptTheDefaultUserWhenWrittenExplicitly() throws IOException {
        StewardConfig config = load(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                auth: { user: default, password: "${PW:-secret}" }
                """,
                Map.of());

        assertThat(config.auth().user()).contains("default");
    }

    @Test
    void shouldNameYamlKeyAndLineWhenTlsHasNoCa() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                tls:
                  enabled: true
                """,
                Map.of());

        assertThat(e.file()).contains(dir.resolve("steward.yaml"));
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("tls.ca");
        assertThat(e.getMessage()).startsWith(dir.resolve("steward.yaml") + ":3: tls.ca: required when TLS is enabled");
    }

    @Test
    void shouldNameYamlKeyAndLineWhenATlsFileIsMissing() throws IOException {
        Files.writeString(dir.resolve("ca.crt"), "not checked here");
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                tls:
                  ca: ca.crt
                  cert: client.crt
                  key: client.key
                """,
                Map.of());

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("tls.cert");
        assertThat(e.getMessage())
                .isEqualTo(dir.resolve("steward.yaml") + ":4: tls.cert: " + dir.resolve("client.crt")
                        + " does not exist; check the path (relative paths start at " + dir + ")");
    }

    @Test
    void shouldNotCheckTlsFilesWhenTlsIsDisabled() throws IOException {
        StewardConfig config = load(
                "topology: { mode: standalone, nodes: [h:1] }\ntls: { enabled: false, ca: absent.crt }\n", Map.of());

        assertThat(config.tls().enabled()).isFalse();
    }

    @Test
    void shouldEchoAZeroDurationAsZeroSeconds() throws IOException {
        ConfigException e = loadError(
                """
                topology: { mode: standalone, nodes: [localhost:6379] }
                alerts:
                  notify:
                    - { webhook: "http://127.0.0.1:9000/hook", timeout: 0s }
                """,
                Map.of());

        assertThat(e.field()).isEqualTo("alerts.notify[0].timeout");
        assertThat(e.getMessage()).endsWith(", was 0s").doesNotContain("0d");
        assertThat(ValueSyntax.formatDuration(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void shouldRejectPasswordFileWithASecondLineWithoutEchoingIt() throws IOException {
        Path secret = dir.resolve("admin.pass");
        Files.writeString(secret, "first-password\nsecond-password\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> AuthConfig.withPasswordFile("admin", secret).password())
                .isInstanceOf(ConfigException.class)
                .hasMessage(secret + ":2: auth.password-file: password file has more than one line; it must hold"
                        + " the password alone on its first line (a trailing line break is fine)");
    }

    @Test
    void shouldRejectPasswordOnTheSecondLineAndAcceptTrailingBlankLines() throws IOException {
        Path secret = dir.resolve("admin.pass");
        Files.writeString(secret, "\npassword");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> AuthConfig.withPasswordFile("admin", secret).password())
                .hasMessageContaining("more than one line");

        Files.writeString(secret, "password\r\n\n");
        assertThat(AuthConfig.withPasswordFile("admin", secret).password()).containsExactly("password".toCharArray());
    }
}

package io.steward.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.Profile;
import io.steward.client.StewardClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration without a Redis server. Binding tests start the context lazily, so that the
 * {@link StewardClient} (which connects at once) is not created; failure tests start it eagerly, where
 * the options fail before any connection is tried.
 */
class StewardAutoConfigurationTest {

    private final ApplicationContextRunner eager =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(StewardAutoConfiguration.class));

    private final ApplicationContextRunner lazy = eager.withInitializer(
            context -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()));

    @TempDir
    Path dir;

    @Test
    void shouldBindConnectionPropertiesToClientOptions() {
        lazy.withPropertyValues(
                        "steward.mode=sentinel",
                        "steward.endpoints=10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379",
                        "steward.master-name=steward",
                        "steward.user=app",
                        "steward.password=s3cret",
                        "steward.profile=development",
                        "steward.connect-timeout=750ms",
                        "steward.command-timeout=3s",
                        "steward.client-name=orders")
                .run(context -> {
                    ClientOptions options = context.getBean(ClientOptions.class);
                    assertThat(options.mode()).isEqualTo(Mode.SENTINEL);
                    assertThat(options.endpoints())
                            .containsExactly(
                                    HostAndPort.of("10.0.0.1", 26379),
                                    HostAndPort.of("10.0.0.2", 26379),
                                    HostAndPort.of("10.0.0.3", 26379));
                    assertThat(options.masterName()).isEqualTo("steward");
                    assertThat(options.username()).isEqualTo("app");
                    assertThat(options.password()).containsExactly("s3cret".toCharArray());
                    assertThat(options.profile()).isEqualTo(Profile.DEVELOPMENT);
                    assertThat(options.connectTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(options.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(options.clientName()).isEqualTo("orders");
                });
    }

    @Test
    void shouldDefaultToLocalStandaloneNodeWithProductionProfile() {
        lazy.run(context -> {
            ClientOptions options = context.getBean(ClientOptions.class);
            assertThat(options.mode()).isEqualTo(Mode.STANDALONE);
            assertThat(options.endpoints()).containsExactly(HostAndPort.of("127.0.0.1", 6379));
            assertThat(options.profile()).isEqualTo(Profile.PRODUCTION);
            assertThat(options.commandTimeout()).isEqualTo(Profile.PRODUCTION.commandTimeout());
            assertThat(options.hasPassword()).isFalse();
        });
    }

    @Test
    void shouldReadPasswordFromPasswordFileWithoutTrailingNewline() throws IOException {
        Path file = Files.writeString(dir.resolve("app.pass"), "from-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        lazy.withPropertyValues("steward.user=app", "steward.password-file=" + file)
                .run(context -> assertThat(context.getBean(ClientOptions.class).password())
                        .containsExactly("from-file".toCharArray()));
    }

    @Test
    void shouldNotShowPasswordInPropertiesToString() {
        lazy.withPropertyValues("steward.user=app", "steward.password=s3cret").run(context -> assertThat(
                        context.getBean(StewardProperties.class).toString())
                .contains("password=<set>")
                .doesNotContain("s3cret"));
    }

    @Test
    void shouldFailStartNamingMasterNameWhenSentinelModeLacksIt() {
        eager.withPropertyValues("steward.mode=sentinel", "steward.endpoints=127.0.0.1:26379")
                .run(context -> assertThat(startupFailure(context))
                        .contains("steward.master-name: is required in SENTINEL mode"));
    }

    @Test
    void shouldFailStartNamingTheEndpointThatIsNotHostAndPort() {
        eager.withPropertyValues("steward.endpoints=redis.internal").run(context -> assertThat(startupFailure(context))
                .contains("steward.endpoints[0]: 'redis.internal' is not host:port"));
    }

    @Test
    void shouldFailStartNamingModeWhenItIsUnknown() {
        eager.withPropertyValues("steward.mode=replicated")
                .run(context -> assertThat(startupFailure(context)).contains("steward.mode"));
    }

    @Test
    void shouldFailStartNamingPasswordWhenUserHasNone() {
        eager.withPropertyValues("steward.user=app").run(context -> assertThat(startupFailure(context))
                .contains("steward.password: is required when a username is set"));
    }

    @Test
    void shouldFailStartNamingTimeoutThatIsNotPositive() {
        eager.withPropertyValues("steward.command-timeout=0s").run(context -> assertThat(startupFailure(context))
                .contains("steward.command-timeout: must be positive"));
    }

    @Test
    void shouldFailStartWhenPasswordAndPasswordFileAreBothSet() {
        eager.withPropertyValues("steward.user=app", "steward.password=x", "steward.password-file=" + dir.resolve("p"))
                .run(context -> assertThat(startupFailure(context))
                        .contains("steward.password-file: set either steward.password or steward.password-file"));
    }

    @Test
    void shouldFailStartNamingPasswordFileThatIsMissing() {
        eager.withPropertyValues("steward.user=app", "steward.password-file=" + dir.resolve("missing.pass"))
                .run(context -> assertThat(startupFailure(context))
                        .contains("steward.password-file: " + dir.resolve("missing.pass") + " does not exist"));
    }

    @Test
    void shouldFailStartNamingPasswordFileReadableByOthers() throws IOException {
        Path file = Files.writeString(dir.resolve("app.pass"), "from-file\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        eager.withPropertyValues("steward.user=app", "steward.password-file=" + file)
                .run(context -> assertThat(startupFailure(context))
                        .contains("steward.password-file: " + file + " is accessible by group or others")
                        .contains("chmod 600"));
    }

    @Test
    void shouldFailStartNamingPasswordFileThatIsEmpty() throws IOException {
        Path file = Files.writeString(dir.resolve("app.pass"), "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        eager.withPropertyValues("steward.user=app", "steward.password-file=" + file)
                .run(context ->
                        assertThat(startupFailure(context)).contains("steward.password-file: " + file + " is empty"));
    }

    @Test
    void shouldFailStartNamingTlsKeyWhenCertificateHasNone() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "pem");
        Path cert = Files.writeString(dir.resolve("client.crt"), "pem");
        eager.withPropertyValues("steward.tls.ca=" + ca, "steward.tls.cert=" + cert)
                .run(context -> assertThat(startupFailure(context))
                        .contains("steward.tls.key: a client certificate is given without its private key"));
    }

    @Test
    void shouldFailStartNamingTlsCaFileThatIsMissing() {
        eager.withPropertyValues("steward.tls.ca=" + dir.resolve("ca.crt"))
                .run(context -> assertThat(startupFailure(context))
                        .contains("steward.tls.ca: cannot read " + dir.resolve("ca.crt")));
    }

    @Test
    void shouldReportBadPropertyAsFailureAnalysisNamingIt() {
        eager.withPropertyValues("steward.mode=cluster").run(context -> {
            FailureAnalysis analysis = new StewardConfigFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .isEqualTo("Steward could not be configured: steward.endpoints: at least one host:port is"
                            + " required (the node, the sentinels or the cluster seeds)");
            assertThat(analysis.getAction()).startsWith("Fix the property steward.endpoints");
        });
    }

    @Test
    void shouldReportUnreachableRedisAsFailureAnalysis() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        eager.withPropertyValues("steward.endpoints=127.0.0.1:" + port).run(context -> {
            FailureAnalysis analysis = new StewardConfigFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("Steward could not connect: 127.0.0.1:" + port);
            assertThat(analysis.getAction()).startsWith("Check that Redis answers at steward.endpoints");
        });
    }

    @Test
    void shouldReadTopologyUserAndPasswordFromConfigFile() throws IOException {
        Path yaml = stewardYaml("topology: { mode: standalone, nodes: [\"127.0.0.1:6390\"] }\n"
                + "auth: { user: app, password-file: app.pass }\n");
        lazy.withPropertyValues("steward.config-file=" + yaml, "steward.command-timeout=4s")
                .run(context -> {
                    ClientOptions options = context.getBean(ClientOptions.class);
                    assertThat(options.mode()).isEqualTo(Mode.STANDALONE);
                    assertThat(options.endpoints()).containsExactly(HostAndPort.of("127.0.0.1", 6390));
                    assertThat(options.username()).isEqualTo("app");
                    assertThat(options.password()).containsExactly("yaml-secret".toCharArray());
                    assertThat(options.commandTimeout()).isEqualTo(Duration.ofSeconds(4));
                });
    }

    @Test
    void shouldRefuseConfigFileLoggingInAsOperatorAccountWithoutApplicationUser() throws IOException {
        Path yaml = stewardYaml("topology: { mode: standalone, nodes: [\"127.0.0.1:6390\"] }\n"
                + "auth: { user: admin, password-file: app.pass }\n");
        eager.withPropertyValues("steward.config-file=" + yaml).run(context -> assertThat(startupFailure(context))
                .contains("steward.config-file: " + yaml + " logs in as 'admin'")
                .contains("set steward.user and steward.password-file"));
    }

    @Test
    void shouldTakeApplicationUserOverConfigFileUser() throws IOException {
        Path yaml = stewardYaml("topology: { mode: standalone, nodes: [\"127.0.0.1:6390\"] }\n"
                + "auth: { user: admin, password-file: app.pass }\n");
        Path own = Files.writeString(dir.resolve("own.pass"), "own-secret\n");
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rw-------"));
        lazy.withPropertyValues("steward.config-file=" + yaml, "steward.user=app", "steward.password-file=" + own)
                .run(context -> {
                    ClientOptions options = context.getBean(ClientOptions.class);
                    assertThat(options.endpoints()).containsExactly(HostAndPort.of("127.0.0.1", 6390));
                    assertThat(options.username()).isEqualTo("app");
                    assertThat(options.password()).containsExactly("own-secret".toCharArray());
                });
    }

    @Test
    void shouldRequireUserForPasswordFileWithConfigFile() throws IOException {
        Path yaml = stewardYaml("topology: { mode: standalone, nodes: [\"127.0.0.1:6390\"] }\n");
        eager.withPropertyValues("steward.config-file=" + yaml, "steward.password-file=" + dir.resolve("app.pass"))
                .run(context -> assertThat(startupFailure(context))
                        .contains("steward.user: is required when steward.password or steward.password-file is set"));
    }

    @Test
    void shouldFailStartNamingFileLineAndFieldOfBadConfigFile() throws IOException {
        Path yaml = stewardYaml("name: x\ntopology: { mode: replicated, nodes: [\"127.0.0.1:6390\"] }\n");
        eager.withPropertyValues("steward.config-file=" + yaml).run(context -> assertThat(startupFailure(context))
                .contains(yaml + ":2")
                .contains("topology.mode"));
    }

    @Test
    void shouldFailStartWhenConfigFileIsCombinedWithConnectionProperties() throws IOException {
        Path yaml = stewardYaml("topology: { mode: standalone, nodes: [\"127.0.0.1:6390\"] }\n");
        eager.withPropertyValues("steward.config-file=" + yaml, "steward.endpoints=127.0.0.1:6379")
                .run(context -> assertThat(startupFailure(context))
                        .contains("steward.endpoints: cannot be set together with steward.config-file"));
    }

    @Test
    void shouldBackOffOptionsWhenApplicationDefinesItsOwn() {
        ClientOptions own = ClientOptions.builder()
                .endpoints(HostAndPort.of("10.1.1.1", 6379))
                .build();
        lazy.withBean(ClientOptions.class, () -> own)
                .withPropertyValues("steward.endpoints=10.9.9.9:6379")
                .run(context -> assertThat(context.getBean(ClientOptions.class)).isSameAs(own));
    }

    @Test
    void shouldNotConfigureOptionsWhenApplicationDefinesItsOwnClient() {
        // a bad endpoint: the options would fail the start if they were made
        eager.withBean(StewardClient.class, () -> null)
                .withPropertyValues("steward.endpoints=not-an-endpoint")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(ClientOptions.class);
                });
    }

    @Test
    void shouldConfigureNothingWithoutStewardClientOnClassPath() {
        eager.withClassLoader(new FilteredClassLoader(StewardClient.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ClientOptions.class);
            assertThat(context).doesNotHaveBean(StewardProperties.class);
        });
    }

    private Path stewardYaml(String content) throws IOException {
        Path pass = Files.writeString(dir.resolve("app.pass"), "yaml-secret\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        return Files.writeString(dir.resolve("steward.yaml"), content);
    }

    /** The messages of the start failure and its causes, which is what the application log shows. */
    static String startupFailure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}

package io.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    private static final HostAndPort NODE = HostAndPort.of("127.0.0.1", 6379);

    private static ClientOptions.Builder standalone() {
        return ClientOptions.builder().endpoint(NODE);
    }

    @Test
    void shouldTakeProfileDefaultsWhenNothingIsSet() {
        ClientOptions options = standalone().build();

        assertThat(options.mode()).isEqualTo(ClientOptions.DEFAULT_MODE);
        assertThat(options.profile()).isEqualTo(ClientOptions.DEFAULT_PROFILE);
        assertThat(options.connectTimeout()).isEqualTo(ClientOptions.DEFAULT_PROFILE.connectTimeout());
        assertThat(options.commandTimeout()).isEqualTo(ClientOptions.DEFAULT_PROFILE.commandTimeout());
        assertThat(options.requestQueueSize()).isEqualTo(ClientOptions.DEFAULT_PROFILE.requestQueueSize());
        assertThat(options.maxReconnectDelay()).isEqualTo(ClientOptions.DEFAULT_PROFILE.maxReconnectDelay());
        assertThat(options.keepAlive()).isEqualTo(ClientOptions.DEFAULT_KEEP_ALIVE);
        assertThat(options.tcpNoDelay()).isEqualTo(ClientOptions.DEFAULT_TCP_NO_DELAY);
        assertThat(options.masterResolveInterval()).isEqualTo(ClientOptions.DEFAULT_MASTER_RESOLVE_INTERVAL);
        assertThat(options.clientName()).isEqualTo(ClientOptions.DEFAULT_CLIENT_NAME);
        assertThat(options.tls()).isNull();
        assertThat(options.username()).isNull();
        assertThat(options.hasPassword()).isFalse();
    }

    @Test
    void shouldTakeDevelopmentDefaultsWhenProfileIsDevelopment() {
        ClientOptions options = standalone().profile(Profile.DEVELOPMENT).build();

        assertThat(options.connectTimeout()).isEqualTo(Profile.DEVELOPMENT.connectTimeout());
        assertThat(options.commandTimeout()).isEqualTo(Profile.DEVELOPMENT.commandTimeout());
        assertThat(options.requestQueueSize()).isEqualTo(Profile.DEVELOPMENT.requestQueueSize());
    }

    @Test
    void shouldKeepExplicitValuesWhenProfileIsSetAfterThem() {
        ClientOptions options = standalone()
                .commandTimeout(Duration.ofMillis(750))
                .requestQueueSize(42)
                .profile(Profile.DEVELOPMENT)
                .build();

        assertThat(options.commandTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(options.requestQueueSize()).isEqualTo(42);
        assertThat(options.connectTimeout()).isEqualTo(Profile.DEVELOPMENT.connectTimeout());
    }

    @Test
    void shouldRoundTripThroughToBuilderWhenEverySettingIsSet() {
        ClientOptions options = ClientOptions.builder()
                .mode(Mode.SENTINEL)
                .endpoints(HostAndPort.of("127.0.0.1", 26379), HostAndPort.of("127.0.0.1", 26380))
                .masterName("steward")
                .credentials("app", "s3cret".toCharArray())
                .tls(TlsOptions.of(Path.of("ca.crt"), Path.of("client.crt"), Path.of("client.key")))
                .profile(Profile.DEVELOPMENT)
                .connectTimeout(Duration.ofSeconds(3))
                .commandTimeout(Duration.ofSeconds(4))
                .requestQueueSize(500)
                .maxReconnectDelay(Duration.ofMillis(800))
                .keepAlive(false)
                .tcpNoDelay(false)
                .masterResolveInterval(Duration.ofMillis(100))
                .clientName("orders")
                .build();

        ClientOptions copy = options.toBuilder().build();

        assertThat(copy).isEqualTo(options).hasSameHashCodeAs(options);
        assertThat(copy.password()).containsExactly("s3cret".toCharArray());
    }

    @Test
    void shouldNotShowPasswordWhenPrinted() {
        ClientOptions options =
                standalone().credentials("app", "hunter2-secret".toCharArray()).build();

        assertThat(options.toString())
                .doesNotContain("hunter2-secret")
                .contains("password=<set>")
                .contains("app");
    }

    @Test
    void shouldCopyPasswordWhenCallerChangesItsArray() {
        char[] password = "s3cret".toCharArray();
        ClientOptions options = standalone().credentials("app", password).build();

        password[0] = 'X';
        options.password()[1] = 'Y';

        assertThat(options.password()).containsExactly("s3cret".toCharArray());
    }

    @Test
    void shouldRejectWhenEndpointsAreMissing() {
        assertThatThrownBy(() -> ClientOptions.builder().build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("endpoints"));
    }

    @Test
    void shouldRejectWhenStandaloneHasSeveralEndpoints() {
        assertThatThrownBy(() ->
                        standalone().endpoint(HostAndPort.of("127.0.0.1", 6380)).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("endpoints")
                .hasMessageContaining("exactly one");
    }

    @Test
    void shouldRequireMasterNameWhenModeIsSentinel() {
        assertThatThrownBy(() -> ClientOptions.builder()
                        .mode(Mode.SENTINEL)
                        .endpoints(List.of(HostAndPort.of("127.0.0.1", 26379)))
                        .build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("masterName"));
    }

    @Test
    void shouldRejectMasterNameWhenModeIsNotSentinel() {
        assertThatThrownBy(() -> standalone().masterName("steward").build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("masterName"));
    }

    @Test
    void shouldRequirePasswordWhenUsernameIsSet() {
        assertThatThrownBy(() -> standalone().username("app").build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("password"));
    }

    @Test
    void shouldRejectWhenTimeoutIsNotPositive() {
        assertThatThrownBy(() -> standalone().connectTimeout(Duration.ZERO).build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("connectTimeout"));
        assertThatThrownBy(
                        () -> standalone().commandTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("commandTimeout"));
        assertThatThrownBy(
                        () -> standalone().masterResolveInterval(Duration.ZERO).build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("masterResolveInterval"));
    }

    @Test
    void shouldRejectWhenRequestQueueSizeIsNotPositive() {
        assertThatThrownBy(() -> standalone().requestQueueSize(0).build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("requestQueueSize"));
    }

    @Test
    void shouldRejectWhenClientNameHasSpaces() {
        assertThatThrownBy(() -> standalone().clientName("my app").build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("clientName"));
    }

    @Test
    void shouldAllowNoClientNameWhenSetToNull() {
        assertThat(standalone().clientName(null).build().clientName()).isNull();
    }
}

package io.steward.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LettuceSettingsTest {

    private static final HostAndPort NODE = HostAndPort.of("127.0.0.1", 6379);

    @Test
    void shouldCarryUserPasswordAndClientNameWhenAuthenticating() {
        ClientOptions options = ClientOptions.builder()
                .endpoint(NODE)
                .credentials("app", "pw".toCharArray())
                .build();

        RedisURI uri = LettuceSettings.uri(options, NODE);

        RedisCredentials credentials =
                uri.getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.getUsername()).isEqualTo("app");
        assertThat(credentials.getPassword()).containsExactly('p', 'w');
        assertThat(uri.getClientName()).isEqualTo(ClientOptions.DEFAULT_CLIENT_NAME);
        assertThat(uri.getTimeout()).isEqualTo(options.commandTimeout());
        assertThat(uri.isSsl()).isFalse();
    }

    @Test
    void shouldSendNoCredentialsWhenNotAuthenticating() {
        ClientOptions options = ClientOptions.builder()
                .endpoint(NODE)
                .credentials("app", "pw".toCharArray())
                .build();

        RedisURI uri = LettuceSettings.uri(options, NODE, false);

        RedisCredentials credentials =
                uri.getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.hasUsername()).isFalse();
        assertThat(credentials.hasPassword()).isFalse();
    }

    @Test
    void shouldVerifyPeerFullyWhenTlsIsEnabled() {
        ClientOptions options = ClientOptions.builder()
                .endpoint(NODE)
                .tls(TlsOptions.of(Path.of("ca.crt")))
                .build();

        RedisURI uri = LettuceSettings.uri(options, NODE);

        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.getVerifyMode()).isEqualTo(SslVerifyMode.FULL);
    }

    @Test
    void shouldRejectNamingTheFieldWhenCaFileIsMissing(@TempDir Path dir) {
        ClientOptions options = ClientOptions.builder()
                .endpoint(NODE)
                .tls(TlsOptions.of(dir.resolve("missing-ca.crt")))
                .build();

        assertThatThrownBy(() -> LettuceSettings.nodeOptions(options, true))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("tls.caFile"))
                .hasMessageContaining("missing-ca.crt");
    }

    @Test
    void shouldRejectNamingTheFieldWhenClientKeyIsMissing(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "");
        Path cert = Files.writeString(dir.resolve("client.crt"), "");
        ClientOptions options = ClientOptions.builder()
                .endpoint(NODE)
                .tls(TlsOptions.of(ca, cert, dir.resolve("client.key")))
                .build();

        assertThatThrownBy(() -> LettuceSettings.nodeOptions(options, false))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).field()).isEqualTo("tls.keyFile"));
    }

    @Test
    void shouldRejectCommandsWhileDisconnectedWhenBuildingNodeOptions() {
        ClientOptions options = ClientOptions.builder().endpoint(NODE).build();

        io.lettuce.core.ClientOptions lettuce = LettuceSettings.nodeOptions(options, false);

        assertThat(lettuce.isAutoReconnect()).isFalse();
        assertThat(lettuce.getDisconnectedBehavior())
                .isEqualTo(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        assertThat(lettuce.getRequestQueueSize()).isEqualTo(options.requestQueueSize());
        assertThat(lettuce.getSocketOptions().getConnectTimeout()).isEqualTo(options.connectTimeout());
    }
}

package io.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.steward.AuthenticationFailedException;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.PermissionDeniedException;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.STANDALONE)
class StandaloneConnectionIT {

    @Test
    void shouldSetAndGetWhenConnectedAsApp(LocalTopology topology) {
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            RedisCommands<String, String> redis = client.commands();

            redis.set("standalone:greeting", "hello");

            assertThat(redis.get("standalone:greeting")).isEqualTo("hello");
            assertThat(client.currentMaster()).isEqualTo(topology.master());
        }
    }

    @Test
    void shouldThrowAuthenticationFailedWhenPasswordIsWrong(LocalTopology topology) {
        ClientOptions options = TopologyOptions.as(topology, "app")
                .password("not-the-password".toCharArray())
                .build();

        assertThatThrownBy(() -> StewardClient.create(options))
                .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> {
                    assertThat(e.user()).isEqualTo("app");
                    assertThat(e.endpoint()).isEqualTo(topology.master());
                    assertThat(e.getMessage()).doesNotContain("not-the-password");
                });
    }

    @Test
    void shouldThrowPermissionDeniedNamingUserAndCommandWhenAppRunsFlushall(LocalTopology topology) {
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            assertThatThrownBy(() -> client.commands().flushall())
                    .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
                        assertThat(e.user()).isEqualTo("app");
                        assertThat(e.command()).isEqualToIgnoringCase("flushall");
                    });
        }
    }

    @Test
    void shouldThrowConnectionFailedNamingEndpointWhenPortIsClosed(LocalTopology topology) throws IOException {
        HostAndPort closed = closedPort();
        ClientOptions options =
                TopologyOptions.as(topology, "app").endpoints(closed).build();

        assertThatThrownBy(() -> StewardClient.create(options))
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(closed);
                    assertThat(e.reason()).isEqualTo(ConnectionFailedException.Reason.REFUSED);
                    assertThat(e.getMessage()).contains(closed.toString());
                });
    }

    @Test
    void shouldReachOneNodeWithSameCredentialsWhenConnectingToNode(LocalTopology topology) {
        try (StewardClient client =
                        StewardClient.create(TopologyOptions.as(topology, "app").build());
                StatefulRedisConnection<String, String> node = client.connectNode(topology.master())) {
            assertThat(node.sync().role().get(0)).isEqualTo("master");
        }
    }

    @Test
    void shouldRejectCallsWhenClientIsClosed(LocalTopology topology) {
        StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build());
        RedisCommands<String, String> redis = client.commands();

        client.close();

        assertThatThrownBy(() -> redis.get("anything")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(client::commands).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectClusterCommandsWhenModeIsStandalone(LocalTopology topology) {
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            assertThatThrownBy(client::cluster).isInstanceOf(IllegalStateException.class);
        }
    }

    private static HostAndPort closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return HostAndPort.of("127.0.0.1", socket.getLocalPort());
        }
    }
}

package io.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.resource.ClientResources;
import io.steward.HostAndPort;
import org.junit.jupiter.api.Test;

class StewardClientResourcesTest {

    private static final ClientOptions OPTIONS = ClientOptions.builder()
            .endpoints(HostAndPort.of("127.0.0.1", 6379))
            .profile(Profile.DEVELOPMENT)
            .build();

    @Test
    void shouldShutDownOwnResourcesWhenClosed() {
        StewardClient client = StewardClient.createForNodes(OPTIONS);
        ClientResources resources = client.resources();
        assertThat(resources.eventExecutorGroup().isShuttingDown()).isFalse();

        client.close();

        assertThat(resources.eventExecutorGroup().isShuttingDown()).isTrue();
    }

    @Test
    void shouldRefuseResourcesWhenClosed() {
        StewardClient client = StewardClient.createForNodes(OPTIONS);
        client.close();

        assertThatThrownBy(client::resources)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}

package io.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.api.sync.RedisCommands;
import io.steward.ConnectionFailedException;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.provision.tls.TlsFiles;
import io.steward.test.RedisTopology;
import org.junit.jupiter.api.Test;

@RedisTopology(mode = TopologyMode.STANDALONE, tls = true)
class TlsConnectionIT {

    @Test
    void shouldSetAndGetWhenConnectingWithCaAndClientCertificate(LocalTopology topology) {
        assertThat(topology.tls()).isPresent();

        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            RedisCommands<String, String> redis = client.commands();

            redis.set("tls:greeting", "hello over TLS");

            assertThat(redis.get("tls:greeting")).isEqualTo("hello over TLS");
        }
    }

    @Test
    void shouldFailTlsHandshakeWhenServerIsNotSignedByTrustedCa(LocalTopology topology) {
        TlsFiles files = topology.tls().orElseThrow();
        // The client certificate is not a CA, so nothing the server presents chains to it.
        ClientOptions options = TopologyOptions.as(topology, "app")
                .tls(TlsOptions.of(files.clientCert(), files.clientCert(), files.clientKey()))
                .build();

        assertThatThrownBy(() -> StewardClient.create(options))
                .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectionFailedException.Reason.TLS_HANDSHAKE);
                    assertThat(e.endpoint()).isEqualTo(topology.master());
                });
    }
}

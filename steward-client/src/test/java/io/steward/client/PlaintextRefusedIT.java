package io.steward.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConnectionFailedException;
import io.steward.provision.LocalTopology;
import io.steward.test.RedisTopology;
import org.junit.jupiter.api.Test;

@RedisTopology(tls = true)
class PlaintextRefusedIT {

    @Test
    void plaintextConnectionIsRefusedWhenTlsIsOn(LocalTopology topology) {
        ClientOptions plaintext = TopologyOptions.as(topology, "app").build().toBuilder()
                .tls(null)
                .build();

        assertThatThrownBy(() -> {
                    try (StewardClient client = StewardClient.create(plaintext)) {
                        client.commands().ping();
                    }
                })
                .isInstanceOf(ConnectionFailedException.class);
    }
}

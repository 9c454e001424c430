package io.steward.ha.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalityTest {

    @Test
    void loopbackAddressesAndLocalhostAreLocal() {
        assertThat(Locality.isLoopback("127.0.0.1")).isTrue();
        assertThat(Locality.isLoopback("127.3.2.1")).isTrue();
        assertThat(Locality.isLoopback("::1")).isTrue();
        assertThat(Locality.isLoopback("localhost")).isTrue();
    }

    @Test
    void otherAddressesAndNamesAreRemoteWithoutResolvingThem() {
        assertThat(Locality.isLoopback("10.255.255.1")).isFalse();
        assertThat(Locality.isLoopback("redis-1.example.com")).isFalse();
        assertThat(Locality.firstRemote(List.of(HostAndPort.of("127.0.0.1", 1), HostAndPort.of("10.0.0.1", 2))))
                .contains(HostAndPort.of("10.0.0.1", 2));
    }
}

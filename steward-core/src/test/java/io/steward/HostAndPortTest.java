package io.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostAndPortTest {

    @Test
    void shouldRoundTripHostAndIpv6() {
        assertThat(HostAndPort.parse("127.0.0.1:6379")).isEqualTo(HostAndPort.of("127.0.0.1", 6379));
        HostAndPort v6 = HostAndPort.parse("[::1]:26379");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(HostAndPort.parse(v6.toString())).isEqualTo(v6);
    }

    @Test
    void shouldRejectMissingOrBadPort() {
        assertThatThrownBy(() -> HostAndPort.parse("localhost")).hasMessageContaining("not host:port");
        assertThatThrownBy(() -> HostAndPort.parse("localhost:x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> HostAndPort.parse("localhost:70000")).hasMessageContaining("1-65535");
    }
}

package io.steward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
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

    @Test
    void shouldTakeTheHostStringOfASocketAddressWithoutResolvingIt() {
        assertThat(HostAndPort.of(InetSocketAddress.createUnresolved("redis.example", 6379)))
                .isEqualTo(HostAndPort.of("redis.example", 6379));
        assertThat(HostAndPort.of(new InetSocketAddress("127.0.0.1", 26379)))
                .isEqualTo(HostAndPort.of("127.0.0.1", 26379));
        assertThat(HostAndPort.of(new InetSocketAddress("::1", 26379)).isLoopback())
                .isTrue();
    }

    @Test
    void shouldReturnNullForNoOrANonInetSocketAddress() {
        assertThat(HostAndPort.of((java.net.SocketAddress) null)).isNull();
        assertThat(HostAndPort.of(new java.net.SocketAddress() {})).isNull();
    }

    @Test
    void shouldCallLocalhostAnd127SlashEightAndIpv6LoopbackLoopback() {
        for (String host : new String[] {
            "localhost", "LocalHost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", " 127.0.0.1 "
        }) {
            assertThat(HostAndPort.isLoopbackHost(host)).as(host).isTrue();
        }
        assertThat(HostAndPort.of("localhost", 6379).isLoopback()).isTrue();
    }

    @Test
    void shouldNotCallOtherAddressesOrNamesLoopbackNorResolveNames() {
        for (String host : new String[] {
            "10.0.0.1",
            "0.0.0.0",
            "::",
            "128.0.0.1",
            "127.0.0.256",
            "127.0.0",
            "127.example.com",
            "localhost.example.com",
            "::2",
            "fe80::1",
            "redis"
        }) {
            assertThat(HostAndPort.isLoopbackHost(host)).as(host).isFalse();
        }
        assertThat(HostAndPort.isLoopbackHost(null)).isFalse();
    }
}

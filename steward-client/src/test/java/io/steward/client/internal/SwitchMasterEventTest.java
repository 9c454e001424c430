package io.steward.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import org.junit.jupiter.api.Test;

class SwitchMasterEventTest {

    @Test
    void shouldParseNamesAndAddressesWhenMessageIsWellFormed() {
        assertThat(SwitchMasterEvent.parse("steward 127.0.0.1 6379 127.0.0.1 6380"))
                .contains(new SwitchMasterEvent(
                        "steward", HostAndPort.of("127.0.0.1", 6379), HostAndPort.of("127.0.0.1", 6380)));
    }

    @Test
    void shouldParseIpv6AddressesWhenSentinelReportsThem() {
        assertThat(SwitchMasterEvent.parse("steward ::1 6379 ::1 6380"))
                .hasValueSatisfying(e -> assertThat(e.newMaster()).isEqualTo(HostAndPort.of("::1", 6380)));
    }

    @Test
    void shouldIgnoreWhenMessageIsMalformed() {
        assertThat(SwitchMasterEvent.parse(null)).isEmpty();
        assertThat(SwitchMasterEvent.parse("steward 127.0.0.1 6379")).isEmpty();
        assertThat(SwitchMasterEvent.parse("steward 127.0.0.1 x 127.0.0.1 6380"))
                .isEmpty();
        assertThat(SwitchMasterEvent.parse("steward 127.0.0.1 6379 127.0.0.1 70000"))
                .isEmpty();
    }
}

package io.steward.ha.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SentinelEventTest {

    private static final HostAndPort SENTINEL = HostAndPort.of("127.0.0.1", 26379);

    private static SentinelEvent event(String type, String message) {
        return new SentinelEvent(SENTINEL, type, message, Instant.EPOCH);
    }

    @Test
    void switchMasterNamesTheMasterAndItsNewAddress() {
        SentinelEvent e = event("+switch-master", "steward 127.0.0.1 6379 127.0.0.1 6380");
        assertThat(e.masterName()).contains("steward");
        assertThat(e.newMaster()).contains(HostAndPort.of("127.0.0.1", 6380));
        assertThat(e.isAboutMaster("steward")).isTrue();
        assertThat(e.isAboutMaster("other")).isFalse();
    }

    @Test
    void instanceEventsAreAboutAMasterOnlyWhenTheInstanceIsOne() {
        assertThat(event("+sdown", "master steward 127.0.0.1 6379").masterName())
                .contains("steward");
        assertThat(event("+sdown", "slave 127.0.0.1:6380 127.0.0.1 6380 @ steward 127.0.0.1 6379")
                        .masterName())
                .isEmpty();
        assertThat(event("+odown", "master steward 127.0.0.1 6379 #quorum 2/2").newMaster())
                .isEmpty();
    }

    @Test
    void aMalformedSwitchHasNoNewMaster() {
        assertThat(event("+switch-master", "steward 127.0.0.1 6379 127.0.0.1 notaport")
                        .newMaster())
                .isEmpty();
        assertThat(event("+switch-master", "").masterName()).isEmpty();
    }

    @Test
    void switchMasterNamesItsOldMaster() {
        SentinelEvent e = event("+switch-master", "steward 127.0.0.1 6379 127.0.0.1 6380");
        assertThat(e.oldMaster()).contains(HostAndPort.of("127.0.0.1", 6379));
        assertThat(e.instanceType()).isEmpty();
        assertThat(event("+sdown", "master steward 127.0.0.1 6379").oldMaster()).isEmpty();
    }

    @Test
    void instanceEventsNameTheKindAndAddressOfTheirInstance() {
        SentinelEvent master = event("+odown", "master steward 127.0.0.1 6379 #quorum 2/2");
        assertThat(master.instanceType()).contains("master");
        assertThat(master.instanceAddress()).contains(HostAndPort.of("127.0.0.1", 6379));
        assertThat(master.isAboutMasterInstance()).isTrue();

        SentinelEvent replica = event("+sdown", "slave 127.0.0.1:6380 127.0.0.1 6380 @ steward 127.0.0.1 6379");
        assertThat(replica.instanceType()).contains("slave");
        assertThat(replica.instanceAddress()).contains(HostAndPort.of("127.0.0.1", 6380));
        assertThat(replica.isAboutMasterInstance()).isFalse();
    }

    @Test
    void aShortOrMalformedInstanceEventHasNoAddress() {
        assertThat(event("+sdown", "master steward").instanceAddress()).isEmpty();
        assertThat(event("+sdown", "master steward 127.0.0.1 port").instanceAddress())
                .isEmpty();
        assertThat(event("+tilt", "#tilt mode entered").instanceType()).isEmpty();
    }
}

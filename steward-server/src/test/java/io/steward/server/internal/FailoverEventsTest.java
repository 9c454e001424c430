package io.steward.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import io.steward.ha.sentinel.SentinelEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailoverEventsTest {

    private static final HostAndPort SENTINEL = HostAndPort.of("127.0.0.1", 26379);

    private static SentinelEvent event(String type, String message) {
        return new SentinelEvent(SENTINEL, type, message, Instant.EPOCH);
    }

    @Test
    void shouldConcernTheDeploymentWhenEventNamesItsMaster() {
        assertThat(FailoverEvents.concerns(event("+switch-master", "steward 127.0.0.1 6379 127.0.0.1 6380"), "steward"))
                .isTrue();
        assertThat(FailoverEvents.concerns(event("+odown", "master steward 127.0.0.1 6379 #quorum 2/2"), "steward"))
                .isTrue();
    }

    @Test
    void shouldConcernTheDeploymentWhenEventIsAboutOneOfItsReplicas() {
        assertThat(FailoverEvents.concerns(
                        event("+sdown", "slave 127.0.0.1:6380 127.0.0.1 6380 @ steward 127.0.0.1 6379"), "steward"))
                .isTrue();
    }

    @Test
    void shouldIgnoreEventsAboutOtherMasters() {
        assertThat(FailoverEvents.concerns(event("+switch-master", "other 127.0.0.1 6379 127.0.0.1 6380"), "steward"))
                .isFalse();
        assertThat(FailoverEvents.concerns(
                        event("+sdown", "slave 127.0.0.1:7380 127.0.0.1 7380 @ other 127.0.0.1 7379"), "steward"))
                .isFalse();
    }

    @Test
    void shouldConcernTheDeploymentWhenSentinelEntersTilt() {
        assertThat(FailoverEvents.concerns(event("+tilt", "#tilt mode entered"), "steward"))
                .isTrue();
    }
}

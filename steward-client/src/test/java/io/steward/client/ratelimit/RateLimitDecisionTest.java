package io.steward.client.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitDecisionTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void allowedAndRefusedDecisionsOfALimiterAreAccepted() {
        assertThat(new Decision(true, 3, Duration.ZERO, null, AT).failedOpen()).isFalse();
        assertThat(new Decision(false, 0, Duration.ofMillis(5), "per-second", AT).failedOpen())
                .isFalse();
        assertThat(Decision.openWithoutRedis(AT).failedOpen()).isTrue();
    }

    @Test
    void aRefusalWithoutAWaitOrALimitIsRejected() {
        assertThatThrownBy(() -> new Decision(false, 0, Duration.ZERO, "w", AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusal");
        assertThatThrownBy(() -> new Decision(false, 0, Duration.ofSeconds(1), null, AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision(false, -1, Duration.ofSeconds(1), "w", AT))
                .as("a refusal cannot have failed open")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAllowedDecisionWithAWaitOrALimitOrBelowMinusOneIsRejected() {
        assertThatThrownBy(() -> new Decision(true, 1, Duration.ofSeconds(1), null, AT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowed");
        assertThatThrownBy(() -> new Decision(true, 1, Duration.ZERO, "w", AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision(true, -2, Duration.ZERO, null, AT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingTimesAreRejectedByName() {
        assertThatThrownBy(() -> new Decision(true, 1, null, null, AT)).hasMessage("retryAfter");
        assertThatThrownBy(() -> new Decision(true, 1, Duration.ZERO, null, null))
                .hasMessage("decidedAt");
    }
}

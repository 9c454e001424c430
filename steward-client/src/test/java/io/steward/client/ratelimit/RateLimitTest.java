package io.steward.client.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void gcraDefaultsToStrictSpacing() {
        RateLimit limit = RateLimit.gcra("per-second", 1000, Duration.ofSeconds(1));

        assertThat(limit.name()).isEqualTo("per-second");
        assertThat(limit.limit()).isEqualTo(1000);
        assertThat(limit.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limit.burst()).isEqualTo(1);
        assertThat(limit.isSlidingWindow()).isFalse();
        assertThat(limit.emissionIntervalMicros()).isEqualTo(1000);
        assertThat(limit.maxPermits()).isEqualTo(1);
    }

    @Test
    void gcraRoundsTheEmissionIntervalUpSoTheBoundHolds() {
        RateLimit limit = RateLimit.gcra("thirds", 3, Duration.ofSeconds(1));

        assertThat(limit.emissionIntervalMicros()).isEqualTo(333_334);
        assertThat(limit.emissionIntervalMicros() * limit.limit()).isGreaterThanOrEqualTo(limit.periodMicros());
    }

    @Test
    void withBurstReturnsANewLimitAndKeepsTheOriginal() {
        RateLimit strict = RateLimit.gcra("api", 100, Duration.ofMinutes(1));
        RateLimit bursty = strict.withBurst(10);

        assertThat(bursty.burst()).isEqualTo(10);
        assertThat(bursty.maxPermits()).isEqualTo(10);
        assertThat(strict.burst()).isEqualTo(1);
        assertThat(bursty).isNotEqualTo(strict).isEqualTo(strict.withBurst(10));
        assertThat(bursty.hashCode()).isEqualTo(strict.withBurst(10).hashCode());
        assertThat(bursty.toString()).contains("api", "burst 10");
    }

    @Test
    void slidingWindowAllowsBurstsUpToItsLimit() {
        RateLimit limit = RateLimit.slidingWindow("per-minute", 5, Duration.ofMinutes(1));

        assertThat(limit.isSlidingWindow()).isTrue();
        assertThat(limit.burst()).isEqualTo(5);
        assertThat(limit.maxPermits()).isEqualTo(5);
        assertThat(limit.periodMicros()).isEqualTo(60_000_000L);
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> RateLimit.gcra(" ", 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> RateLimit.slidingWindow("a{b}", 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> RateLimit.gcra(null, 1, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("name");
    }

    @Test
    void limitsBelowOneAreRefused() {
        assertThatThrownBy(() -> RateLimit.gcra("g", 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> RateLimit.slidingWindow("s", -1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void periodsOutsideOneMillisecondToTenYearsAreRefused() {
        assertThatThrownBy(() -> RateLimit.gcra("g", 1, Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("period");
        assertThatThrownBy(() -> RateLimit.slidingWindow("s", 1, Duration.ofDays(4000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
        assertThatThrownBy(() -> RateLimit.gcra("g", 1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("period");
    }

    @Test
    void gcraRefusesMoreThanOnePermitPerMicrosecond() {
        assertThatThrownBy(() -> RateLimit.gcra("g", 1001, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void slidingWindowRefusesLimitsAboveTheRingSize() {
        assertThat(RateLimit.slidingWindow("s", RateLimit.MAX_SLIDING_WINDOW_LIMIT, Duration.ofHours(1))
                        .limit())
                .isEqualTo(RateLimit.MAX_SLIDING_WINDOW_LIMIT);
        assertThatThrownBy(
                        () -> RateLimit.slidingWindow("s", RateLimit.MAX_SLIDING_WINDOW_LIMIT + 1, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit")
                .hasMessageContaining("GCRA");
    }

    @Test
    void burstIsForGcraOnlyAndAtLeastOne() {
        assertThatThrownBy(() ->
                        RateLimit.slidingWindow("s", 5, Duration.ofSeconds(1)).withBurst(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
        assertThatThrownBy(() -> RateLimit.gcra("g", 5, Duration.ofSeconds(1)).withBurst(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
        assertThatThrownBy(() -> RateLimit.gcra("g", 1, Duration.ofDays(3000)).withBurst(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
    }
}

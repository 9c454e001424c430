package io.steward.client.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterOptionsTest {

    @Test
    void defaultsFailClosedUnderTheDefaultPrefix() {
        RateLimiterOptions options = RateLimiterOptions.defaults();

        assertThat(options.keyPrefix())
                .isEqualTo(RateLimiterOptions.DEFAULT_KEY_PREFIX)
                .isEqualTo("rl:");
        assertThat(options.failOpen())
                .isEqualTo(RateLimiterOptions.DEFAULT_FAIL_OPEN)
                .isFalse();
        assertThat(options.clock()).isNotNull();
    }

    @Test
    void builderRoundTripsEverySetting() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        RateLimiterOptions options = RateLimiterOptions.builder()
                .keyPrefix("app:rl:")
                .failOpen(true)
                .clock(clock)
                .build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
        assertThat(options.keyPrefix()).isEqualTo("app:rl:");
        assertThat(options.failOpen()).isTrue();
        assertThat(options.clock()).isSameAs(clock);
    }

    @Test
    void keyPrefixWithBracesIsRefusedBecauseItWouldTakeOverTheHashTag() {
        assertThatThrownBy(() -> RateLimiterOptions.builder().keyPrefix("{rl}:").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyPrefix");
    }

    @Test
    void missingSettingsAreNamed() {
        assertThatThrownBy(() -> RateLimiterOptions.builder().keyPrefix(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> RateLimiterOptions.builder().clock(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clock");
    }
}

package io.steward.client.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheOptionsTest {

    @Test
    void lagProbesAreOnByDefaultAndCanBeTurnedOff() {
        assertThat(CacheOptions.defaults().lagProbeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(CacheOptions.builder()
                        .lagProbeInterval(Duration.ZERO)
                        .build()
                        .lagProbeInterval())
                .isZero();
    }

    @Test
    void tooShortOrNegativeProbeIntervalsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> CacheOptions.builder()
                        .lagProbeInterval(Duration.ofMillis(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lagProbeInterval");
        assertThatThrownBy(() -> CacheOptions.builder()
                        .lagProbeInterval(Duration.ofSeconds(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lagProbeInterval");
    }
}

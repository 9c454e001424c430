package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateLimitBenchmarkTest {

    @Test
    void aSlidingWindowIsAllowedItsLimitInEveryWindowBegun() {
        assertThat(RateLimitBenchmark.allowance(0, 100, 3.02)).isEqualTo(400.0);
        assertThat(RateLimitBenchmark.allowance(0, 100, 3.0)).isEqualTo(300.0);
    }

    @Test
    void aBucketOrGcraIsAllowedTheSteadyRatePlusItsBurst() {
        assertThat(RateLimitBenchmark.allowance(1, 1000, 15.0)).isEqualTo(15_001.0);
        assertThat(RateLimitBenchmark.allowance(1000, 1000, 2.5)).isCloseTo(3_500.0, within(1e-9));
    }
}

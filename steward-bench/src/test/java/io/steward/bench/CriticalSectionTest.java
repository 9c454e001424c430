package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CriticalSectionTest {

    @Test
    void oneHolderAtATimeWithGrowingTokensIsNoViolation() {
        LockBenchmark.CriticalSection section = new LockBenchmark.CriticalSection();
        for (long token = 1; token <= 3; token++) {
            section.enter(token);
            section.leave();
        }
        assertThat(section.violations(3)).isZero();
    }

    @Test
    void aSecondHolderInsideIsCounted() {
        LockBenchmark.CriticalSection section = new LockBenchmark.CriticalSection();
        section.enter(-1);
        section.enter(-1);
        section.leave();
        section.leave();
        assertThat(section.violations(2)).isEqualTo(1);
    }

    @Test
    void aTokenNotGreaterThanTheLastIsARegressionAndContestantsWithoutTokensAreNotChecked() {
        LockBenchmark.CriticalSection fenced = new LockBenchmark.CriticalSection();
        for (long token : new long[] {5, 7, 7, 6}) {
            fenced.enter(token);
            fenced.leave();
        }
        assertThat(fenced.tokenRegressions()).isEqualTo(2);

        LockBenchmark.CriticalSection unfenced = new LockBenchmark.CriticalSection();
        unfenced.enter(-1);
        unfenced.leave();
        unfenced.enter(-1);
        unfenced.leave();
        assertThat(unfenced.tokenRegressions()).isZero();
    }
}

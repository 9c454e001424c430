package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void summarisesOddAndEvenCounts() {
        assertThat(Summary.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Summary(1.0, 2.0, 3.0, 3));
        assertThat(Summary.of(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(new Summary(1.0, 2.5, 4.0, 4));
    }

    @Test
    void leavesUnmeasuredRunsOut() {
        assertThat(Summary.of(Arrays.asList(null, 2.0))).isEqualTo(new Summary(2.0, 2.0, 2.0, 1));
        assertThat(Summary.of(Arrays.asList((Double) null))).isEqualTo(new Summary(null, null, null, 0));
    }

    @Test
    void ratioIsUnmeasuredWhenEitherSideIs() {
        assertThat(Seconds.ratio(2.0, 4.0)).isEqualTo(0.5);
        assertThat(Seconds.ratio(null, 4.0)).isNull();
        assertThat(Seconds.ratio(2.0, 0.0)).isNull();
    }
}

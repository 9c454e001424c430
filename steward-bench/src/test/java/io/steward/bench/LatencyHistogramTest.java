package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTwoPercentOfTheRecordedValues() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i * 1_000_000L); // 1 ms ... 100 ms
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentileMs(50)).isCloseTo(50.0, within(1.0));
        assertThat(h.percentileMs(99)).isCloseTo(99.0, within(2.0));
        assertThat(h.percentileMs(100)).isCloseTo(100.0, within(2.0));
    }

    @Test
    void smallValuesAreExactAndBucketsRunInOrder() {
        for (long v = 0; v < 64; v++) {
            assertThat(LatencyHistogram.midpoint(LatencyHistogram.index(v))).isEqualTo(v);
        }
        int previous = -1;
        for (long v = 1; v > 0 && v < Long.MAX_VALUE / 3; v = v * 3 + 1) {
            int index = LatencyHistogram.index(v);
            assertThat(index).isGreaterThanOrEqualTo(previous);
            assertThat(LatencyHistogram.midpoint(index)).isCloseTo(v, within(v * 0.02 + 1));
            previous = index;
        }
    }

    @Test
    void mergedHistogramsCountBoth() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(1_000);
        b.record(3_000_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.percentileMs(100)).isCloseTo(3.0, within(0.05));
        assertThat(new LatencyHistogram().percentileMs(99)).isZero();
    }

    @Test
    void subMicrosecondPercentilesKeepTheirNanoseconds() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 100; i++) {
            h.record(400 + i); // 400 ... 499 ns
        }
        assertThat(h.percentileMs(50)).isZero();
        assertThat(h.percentileNanos(50)).isCloseTo(450.0, within(10.0));
        assertThat(h.percentileNanos(99)).isCloseTo(499.0, within(10.0));
        assertThat(new LatencyHistogram().percentileNanos(50)).isZero();
    }
}

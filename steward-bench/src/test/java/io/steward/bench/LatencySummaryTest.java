package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void nearestRankPercentilesInMilliseconds() {
        List<Long> nanos =
                LongStream.rangeClosed(1, 100).map(i -> i * 1_000_000).boxed().toList();

        LatencySummary s = LatencySummary.ofNanos(nanos);

        assertThat(s).isEqualTo(new LatencySummary(50.5, 90.0, 99.0, 1.0, 100.0, 100));
    }

    @Test
    void residentMemoryReadsKibibytesFromProcStatus() {
        String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";

        assertThat(ResidentMemory.parse(status, "VmRSS:")).hasValue(100L << 20);
        assertThat(ResidentMemory.parse(status, "VmHWM:")).hasValue(200L << 20);
        assertThat(ResidentMemory.mib(100L << 20)).isEqualTo(100.0);
    }
}

package io.steward.ha.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.HostAndPort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillSummaryTest {

    @Test
    void summaryHoldsLowerMedianMaximumAndWorstVerdict() {
        DrillSummary summary = DrillSummary.of(List.of(
                run(3000L, 100, DrillVerdict.PASS, true),
                run(5000L, 300, DrillVerdict.WARN, true),
                run(4000L, 200, DrillVerdict.PASS, false),
                run(null, 900, DrillVerdict.FAIL, true)));

        assertThat(summary.switchMillis()).isEqualTo(new DrillSummary.Stat(4000L, 5000L));
        assertThat(summary.writeGapMillis()).isEqualTo(new DrillSummary.Stat(200L, 900L));
        assertThat(summary.sdownMillis()).isEqualTo(new DrillSummary.Stat(null, null));
        assertThat(summary.verdict()).isEqualTo(DrillVerdict.FAIL);
        assertThat(summary.oldMasterRejoined()).isFalse();
        assertThat(summary.runsRejoined()).isEqualTo(3);
    }

    @Test
    void writerResultListsItsAcknowledgedKeysInOrder() {
        WriterResult writer = new WriterResult(0, "p:r:w0:", 3, 0, 10, Map.of());

        assertThat(writer.ackedKeys()).containsExactly("p:r:w0:0", "p:r:w0:1", "p:r:w0:2");
        assertThat(WriterResult.expectedValue("p:r:w0:2")).isEqualTo("2");
    }

    private static DrillRun run(Long switchMillis, long gap, DrillVerdict verdict, boolean rejoined) {
        return new DrillRun(
                1,
                DrillMode.KILL,
                false,
                HostAndPort.of("127.0.0.1", 6379),
                HostAndPort.of("127.0.0.1", 6380),
                Instant.EPOCH,
                null,
                null,
                switchMillis,
                gap,
                List.of(),
                10,
                0L,
                0,
                Map.of(),
                rejoined,
                rejoined ? 5000L : null,
                new Throughput(100, null),
                verdict,
                List.of(),
                List.of());
    }

    @Test
    void runThatCouldNotFinishFailsTheDrillAndKeepsTheRunsBefore() {
        DrillRun failed = FailoverDrill.failedRun(
                2,
                DrillOptions.builder().build(),
                null,
                null,
                List.of(),
                new io.steward.StewardException("the deployment did not settle within 90 s"));
        DrillSummary summary = DrillSummary.of(List.of(run(3000L, 3200, DrillVerdict.PASS, true), failed));

        assertThat(failed.verdict()).isEqualTo(DrillVerdict.FAIL);
        assertThat(failed.findings()).singleElement().asString().contains("did not settle");
        assertThat(failed.lostAckedWrites()).isNull();
        assertThat(summary.runs()).isEqualTo(2);
        assertThat(summary.verdict()).isEqualTo(DrillVerdict.FAIL);
        assertThat(summary.lostAckedWrites().max()).isZero();
    }
}

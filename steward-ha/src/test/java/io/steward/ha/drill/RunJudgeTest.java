package io.steward.ha.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunJudgeTest {

    /** down-after 1.5 s, failover-timeout 60 s, as the development profile. */
    private static final DrillLimits LIMITS = new DrillLimits(1500, 60_000L, 6500, 61_500, 500, 66_500);

    @Test
    void quickSwitchWithoutLossPasses() {
        RunJudge.Judgement j = RunJudge.judge(LIMITS, false, true, 3000L, 3200, 1000, 0L, 0, true, Map.of());

        assertThat(j.verdict()).isEqualTo(DrillVerdict.PASS);
        assertThat(j.findings()).isEmpty();
    }

    @Test
    void noSwitchFails() {
        RunJudge.Judgement j = RunJudge.judge(LIMITS, false, true, null, 66_000, 10, 0L, 0, false, Map.of());

        assertThat(j.verdict()).isEqualTo(DrillVerdict.FAIL);
        assertThat(j.findings().get(0)).contains("no switch");
    }

    @Test
    void slowSwitchWarnsAndSwitchPastTheFailoverTimeoutFails() {
        assertThat(RunJudge.judge(LIMITS, false, true, 7000L, 7100, 10, 0L, 0, true, Map.of())
                        .verdict())
                .isEqualTo(DrillVerdict.WARN);
        assertThat(RunJudge.judge(LIMITS, false, true, 62_000L, 62_100, 10, 0L, 0, true, Map.of())
                        .verdict())
                .isEqualTo(DrillVerdict.FAIL);
    }

    @Test
    void gapBeyondSwitchPlusMarginWarns() {
        RunJudge.Judgement j = RunJudge.judge(LIMITS, false, true, 3000L, 3501, 10, 0L, 0, true, Map.of());

        assertThat(j.verdict()).isEqualTo(DrillVerdict.WARN);
        assertThat(j.findings().get(0)).contains("slow to follow");
    }

    @Test
    void lostAckedWritesWarnWithoutDurableAndFailWithIt() {
        assertThat(RunJudge.judge(LIMITS, false, true, 3000L, 3000, 10, 2L, 0, true, Map.of())
                        .verdict())
                .isEqualTo(DrillVerdict.WARN);
        assertThat(RunJudge.judge(LIMITS, true, true, 3000L, 3000, 10, 2L, 0, true, Map.of())
                        .verdict())
                .isEqualTo(DrillVerdict.FAIL);
    }

    @Test
    void oldMasterWritesAfterSwitchWarn() {
        RunJudge.Judgement j = RunJudge.judge(LIMITS, false, true, 3000L, 3000, 10, 0L, 3, true, Map.of());

        assertThat(j.verdict()).isEqualTo(DrillVerdict.WARN);
        assertThat(j.findings().get(0)).contains("acknowledged 3 writes after the switch");
    }

    @Test
    void missingRejoinFailsUnlessTheNodeWasShutDownRemotely() {
        assertThat(RunJudge.judge(LIMITS, false, true, 3000L, 3000, 10, 0L, 0, false, Map.of())
                        .verdict())
                .isEqualTo(DrillVerdict.FAIL);
        assertThat(RunJudge.judge(LIMITS, false, false, 3000L, 3000, 10, 0L, 0, false, Map.of())
                        .verdict())
                .isEqualTo(DrillVerdict.WARN);
    }

    @Test
    void noSwitchWithoutReadBackFailsOnTheSwitchAlone() {
        RunJudge.Judgement j = RunJudge.judge(LIMITS, true, true, null, 66_000, 10, null, 0, false, Map.of());

        assertThat(j.verdict()).isEqualTo(DrillVerdict.FAIL);
        assertThat(j.findings()).noneMatch(f -> f.contains("missing"));
        assertThat(j.findings().get(0)).contains("no switch");
    }

    @Test
    void longGapWithNoReplicasRefusalsNamesThemNotTheClient() {
        RunJudge.Judgement j = RunJudge.judge(
                LIMITS, false, true, 2700L, 9500, 10, 0L, 0, true, Map.of("NOREPLICAS", 120L, "TIMEOUT", 2L));

        assertThat(j.verdict()).isEqualTo(DrillVerdict.WARN);
        assertThat(j.findings())
                .singleElement()
                .asString()
                .contains("NOREPLICAS")
                .doesNotContain("slow to follow");
    }
}

package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoalTest {

    @Test
    void aRatioGoalIsJudgedOnTheMedianOfTheRounds() {
        assertThat(Goal.ratio("x >= 2 x y", List.of(1.5, 2.5, 2.1), true, 2.0).met())
                .isTrue();
        assertThat(Goal.ratio("x >= 2 x y", List.of(1.5, 2.5, 1.9), true, 2.0).median())
                .isEqualTo(1.9);
        assertThat(Goal.ratio("p99 <= y's", List.of(0.8, 1.2, 1.1), false, 1.0).met())
                .isFalse();
    }

    @Test
    void aCountGoalIsMetOnlyAtZero() {
        assertThat(Goal.zero("0 over-admissions", 0).met()).isTrue();
        assertThat(Goal.zero("0 over-admissions", 3).met()).isFalse();
    }

    @Test
    void theTableSaysMetOrNotMet() {
        String table = Goal.table(List.of(Goal.ratio("a >= 2 x b", List.of(2.5), true, 2.0), Goal.zero("0 errors", 1)));
        assertThat(table)
                .contains("| a >= 2 x b | 2.50 | 2.50 | **met** |")
                .contains("| 0 errors |  | 1 | **not met** |");
        assertThat(Goal.ratio(3, 2)).isEqualTo(1.5);
    }
}

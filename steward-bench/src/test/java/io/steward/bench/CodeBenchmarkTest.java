package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeBenchmarkTest {

    @Test
    void wrongCodesKeepTheLengthAndDifferFromTheRightOne() {
        assertThat(CodeBenchmark.wrong("000123", 0)).isEqualTo("000124");
        assertThat(CodeBenchmark.wrong("000123", 1)).isEqualTo("000125");
        assertThat(CodeBenchmark.wrong("999999", 0)).isEqualTo("000000");
        assertThat(CodeBenchmark.wrong("999999", 1)).isEqualTo("000001");
    }
}

package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import io.steward.provision.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    @Test
    void defaultsToThreeRunsFourWritersDevelopment() {
        assertThat(BenchArgs.parse(List.of()))
                .isEqualTo(new BenchArgs(3, 4, Profile.DEVELOPMENT, BenchArgs.DEFAULT_KEYS));
    }

    @Test
    void parsesEveryOption() {
        assertThat(BenchArgs.parse(
                        List.of("--profile", "production", "--runs", "5", "--writers", "2", "--keys", "20_000")))
                .isEqualTo(new BenchArgs(5, 2, Profile.PRODUCTION, 20_000));
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndRanges() {
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--speed", "9")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--speed");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--runs")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--runs");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--runs", "0"))).hasMessageContaining("1-50");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--writers", "x"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--keys", "999"))).hasMessageContaining("1000-50000000");
    }
}

package io.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import io.steward.provision.Profile;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

    @Test
    void defaultsToThreeRunsFourWritersDevelopmentAndThreeRoundsOfFifteenSeconds() {
        assertThat(BenchArgs.parse(List.of()))
                .isEqualTo(new BenchArgs(3, 4, Profile.DEVELOPMENT, OptionalInt.empty(), 200, 10, 3, 15, 8));
    }

    @Test
    void keysFallBackToTheBenchmarksOwnDefaultWhenNotGiven() {
        assertThat(BenchArgs.parse(List.of()).keysOr(1_000_000)).isEqualTo(1_000_000);
        assertThat(BenchArgs.parse(List.of("--keys", "1,000")).keysOr(1_000_000))
                .isEqualTo(1_000);
    }

    @Test
    void parsesEveryOption() {
        assertThat(BenchArgs.parse(List.of(
                        "--profile",
                        "production",
                        "--runs",
                        "5",
                        "--writers",
                        "2",
                        "--keys",
                        "20_000",
                        "--scrapes",
                        "50",
                        "--watch-minutes",
                        "0",
                        "--rounds",
                        "1",
                        "--seconds",
                        "3",
                        "--warmup",
                        "0")))
                .isEqualTo(new BenchArgs(5, 2, Profile.PRODUCTION, OptionalInt.of(20_000), 50, 0, 1, 3, 0));
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
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--scrapes", "9"))).hasMessageContaining("--scrapes");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--watch-minutes", "-1")))
                .hasMessageContaining("--watch-minutes");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--rounds", "0"))).hasMessageContaining("--rounds");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--seconds", "601"))).hasMessageContaining("1-600");
        assertThatThrownBy(() -> BenchArgs.parse(List.of("--warmup", "-1"))).hasMessageContaining("--warmup");
    }
}

package io.steward.ha.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DrillOptionsTest {

    @Test
    void defaultsAreTheDocumentedConstants() {
        DrillOptions options = DrillOptions.builder().build();

        assertThat(options.mode()).isEqualTo(DrillOptions.DEFAULT_MODE);
        assertThat(options.runs()).isEqualTo(DrillOptions.DEFAULT_RUNS);
        assertThat(options.writers()).isEqualTo(DrillOptions.DEFAULT_WRITERS);
        assertThat(options.durable()).isFalse();
        assertThat(options.allowRemote()).isFalse();
        assertThat(options.deleteKeys()).isTrue();
        assertThat(options.settleTimeout()).isEqualTo(DrillOptions.DEFAULT_SETTLE_TIMEOUT);
    }

    @Test
    void builderRoundTripsEveryField() {
        DrillOptions options = DrillOptions.builder()
                .mode(DrillMode.PAUSE)
                .runs(7)
                .writers(9)
                .durable(true)
                .allowRemote(true)
                .keyPrefix("x")
                .retryPause(Duration.ofMillis(3))
                .throughputPhase(Duration.ofMillis(400))
                .replicationTimeout(Duration.ofMillis(700))
                .settleTimeout(Duration.ofSeconds(11))
                .rejoinTimeout(Duration.ofSeconds(12))
                .deleteKeys(false)
                .build();

        assertThat(options.toBuilder().build()).isEqualTo(options);
    }

    @Test
    void runsOutOfRangeAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> DrillOptions.builder().runs(0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--runs: ");
        assertThatThrownBy(() -> DrillOptions.builder().runs(101).build()).hasMessageContaining("--runs");
    }

    @Test
    void writersOutOfRangeAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> DrillOptions.builder().writers(0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--writers: ");
    }

    @Test
    void zeroDurationsAndBlankPrefixAreRefused() {
        assertThatThrownBy(
                        () -> DrillOptions.builder().retryPause(Duration.ZERO).build())
                .hasMessageContaining("retryPause");
        assertThatThrownBy(() -> DrillOptions.builder().keyPrefix("a b").build())
                .hasMessageContaining("keyPrefix");
    }

    @Test
    void modeParsesCaseInsensitivelyAndListsAllowedOnesOtherwise() {
        assertThat(DrillMode.parse("Manual", "--mode")).isEqualTo(DrillMode.MANUAL);
        assertThatThrownBy(() -> DrillMode.parse("nope", "--mode"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--mode: unknown mode 'nope'; allowed: kill, pause, manual");
    }
}

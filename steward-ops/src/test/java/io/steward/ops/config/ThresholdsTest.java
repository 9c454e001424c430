package io.steward.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    @Test
    void shouldHoldIssueDefaultsWhenNothingIsSet() {
        Thresholds t = Thresholds.DEFAULTS;

        assertThat(t.pingWarn()).isEqualTo(Duration.ofMillis(10));
        assertThat(t.memoryWarn()).isEqualTo(0.70);
        assertThat(t.memoryCritical()).isEqualTo(0.85);
        assertThat(t.fragmentationWarn()).isEqualTo(1.5);
        assertThat(t.fragmentationCritical()).isEqualTo(2.0);
        assertThat(t.fragmentationMinUsed()).isEqualTo(64L * 1024 * 1024);
        assertThat(t.hitRatioWarn()).isEqualTo(0.90);
        assertThat(t.hitRatioCritical()).isEqualTo(0.80);
        assertThat(t.hitRatioMinLookups()).isEqualTo(1000);
        assertThat(t.clientsWarn()).isEqualTo(0.50);
        assertThat(t.clientsCritical()).isEqualTo(0.80);
        assertThat(t.lastSaveWarn()).isEqualTo(Duration.ofHours(24));
        assertThat(t.replicationLagWarn()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.sentinelsMin()).isEqualTo(3);
        assertThat(t.certExpiryWarn()).isEqualTo(Duration.ofDays(30));
        assertThat(t.certExpiryCritical()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldNameFieldWhenHitRatioCriticalIsNotBelowWarn() {
        assertThatThrownBy(() -> Thresholds.builder().hitRatioCritical(0.95).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("thresholds.hit-ratio-critical: must be below hit-ratio-warn");
    }

    @Test
    void shouldNameFieldWhenRatioIsOutOfRange() {
        assertThatThrownBy(() -> Thresholds.builder().clientsCritical(1.5).build())
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).field())
                .isEqualTo("thresholds.clients-critical");
    }

    @Test
    void shouldNameFieldWhenCertCriticalIsNotShorterThanWarn() {
        assertThatThrownBy(() -> Thresholds.builder()
                        .certExpiryCritical(Duration.ofDays(30))
                        .build())
                .hasMessageStartingWith("thresholds.cert-expiry-critical: must be shorter than cert-expiry-warn");
    }

    @Test
    void shouldRebuildEqualValuesWhenCopiedThroughBuilder() {
        Thresholds custom = Thresholds.builder()
                .memoryWarn(0.5)
                .pingWarn(Duration.ofMillis(3))
                .build();

        assertThat(custom.toBuilder().build()).isEqualTo(custom);
    }

    @Test
    void shouldFormatValuesSoTheyParseBack() {
        assertThat(ValueSyntax.formatDuration(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(ValueSyntax.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(ValueSyntax.duration(ValueSyntax.formatDuration(Duration.ofDays(7))))
                .isEqualTo(Duration.ofDays(7));
        assertThat(ValueSyntax.formatSize(64L << 20)).isEqualTo("64mb");
        assertThat(ValueSyntax.size("1000")).isEqualTo(1000);
        assertThat(ValueSyntax.ratio("85%")).isEqualTo(0.85);
    }
}

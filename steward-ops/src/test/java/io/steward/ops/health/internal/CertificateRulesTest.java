package io.steward.ops.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.ops.config.Thresholds;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.Severity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateRulesTest {

    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final CertificateRules rules = new CertificateRules(Thresholds.DEFAULTS, now);

    private Severity expiringIn(Duration left) {
        return rules.evaluate("tls/server.crt", "CN=localhost", now.plus(left)).severity();
    }

    @Test
    void shouldGradeByRemainingValidity() {
        assertThat(expiringIn(Duration.ofDays(31))).isEqualTo(Severity.OK);
        assertThat(expiringIn(Duration.ofDays(30))).isEqualTo(Severity.WARN);
        assertThat(expiringIn(Duration.ofDays(8))).isEqualTo(Severity.WARN);
        assertThat(expiringIn(Duration.ofDays(7))).isEqualTo(Severity.CRITICAL);
        assertThat(expiringIn(Duration.ofDays(-1))).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldNameSourceAndDaysLeft() {
        HealthCheck check = rules.evaluate("127.0.0.1:6379", "CN=localhost", now.plus(Duration.ofDays(10)));

        assertThat(check.target()).isEqualTo("127.0.0.1:6379");
        assertThat(check.name()).isEqualTo("certificate");
        assertThat(check.measured()).containsEntry("days_left", 10L);
        assertThat(check.detail()).contains("CN=localhost expires on 2026-01-11T00:00:00Z");
    }
}

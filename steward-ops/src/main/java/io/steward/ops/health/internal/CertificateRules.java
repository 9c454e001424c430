package io.steward.ops.health.internal;

import static io.steward.ops.health.Severity.CRITICAL;
import static io.steward.ops.health.Severity.OK;
import static io.steward.ops.health.Severity.WARN;

import io.steward.ops.config.Thresholds;
import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import java.time.Duration;
import java.time.Instant;

/** Judges a certificate's remaining validity. Pure. */
final class CertificateRules {

    private final Thresholds t;
    private final Instant now;

    CertificateRules(Thresholds thresholds, Instant now) {
        this.t = thresholds;
        this.now = now;
    }

    /**
     * @param source   where the certificate came from: a file path, or the server endpoint that presented it
     * @param subject  the certificate's subject, for the detail
     * @param notAfter the end of its validity
     */
    HealthCheck evaluate(String source, String subject, Instant notAfter) {
        Checks checks = new Checks(Component.REDIS, source);
        Duration left = Duration.between(now, notAfter);
        long days = left.toDays();
        if (left.isNegative() || left.isZero()) {
            return checks.check(
                    "certificate",
                    CRITICAL,
                    subject + " expired on " + notAfter + "; renew it now",
                    "not_after",
                    notAfter.toString(),
                    "days_left",
                    days);
        }
        if (left.compareTo(t.certExpiryCritical()) <= 0 || left.compareTo(t.certExpiryWarn()) <= 0) {
            boolean critical = left.compareTo(t.certExpiryCritical()) <= 0;
            return checks.check(
                    "certificate",
                    critical ? CRITICAL : WARN,
                    subject + " expires on " + notAfter + ", in " + Checks.duration(left) + "; renew it and reload TLS",
                    "not_after",
                    notAfter.toString(),
                    "days_left",
                    days);
        }
        return checks.check(
                "certificate",
                OK,
                subject + " valid until " + notAfter,
                "not_after",
                notAfter.toString(),
                "days_left",
                days);
    }
}

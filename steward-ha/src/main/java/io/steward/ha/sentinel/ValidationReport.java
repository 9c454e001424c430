package io.steward.ha.sentinel;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link SentinelAdmin#validate()}: every check made, passed ones as {@link Finding.Severity#INFO}.
 *
 * @param at       when the deployment was read
 * @param findings in the order the checks ran
 */
public record ValidationReport(Instant at, List<Finding> findings) {

    public ValidationReport {
        Objects.requireNonNull(at, "at");
        findings = List.copyOf(findings);
    }

    /** The most serious severity found; {@link Finding.Severity#INFO} when every check passed. */
    public Finding.Severity worst() {
        return worstOf(findings);
    }

    /** The findings above {@link Finding.Severity#INFO}. */
    public List<Finding> problems() {
        return findings.stream()
                .filter(f -> f.severity() != Finding.Severity.INFO)
                .toList();
    }

    /** The findings of one check. */
    public List<Finding> findings(String check) {
        return findings.stream().filter(f -> f.check().equals(check)).toList();
    }

    static Finding.Severity worstOf(List<Finding> findings) {
        return findings.stream()
                .map(Finding::severity)
                .max(Comparator.naturalOrder())
                .orElse(Finding.Severity.INFO);
    }
}

package io.steward.ops.health;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every check of one health run. A value: renderers (CLI text or JSON, dashboard, Prometheus) decide
 * how to show it and the CLI maps {@link #verdict()} to an exit code.
 *
 * @param checks the checks in the order they ran
 * @param at     when the run started
 */
public record HealthReport(List<HealthCheck> checks, Instant at) {

    public HealthReport {
        checks = List.copyOf(checks);
        Objects.requireNonNull(at, "at");
    }

    /** The worst severity of any check; {@link Severity#OK} when there are no checks. */
    public Severity verdict() {
        return checks.stream().map(HealthCheck::severity).reduce(Severity.OK, Severity::worst);
    }

    /** The checks about {@code component}. */
    public List<HealthCheck> checks(Component component) {
        return checks.stream().filter(c -> c.component() == component).toList();
    }

    /** The checks that are not OK, worst first, otherwise in run order. */
    public List<HealthCheck> problems() {
        return checks.stream()
                .filter(c -> !c.isOk())
                .sorted((a, b) -> b.severity().compareTo(a.severity()))
                .toList();
    }

    /** How many checks have {@code severity}. */
    public long count(Severity severity) {
        return checks.stream().filter(c -> c.severity() == severity).count();
    }
}

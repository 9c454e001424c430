package io.steward.ops.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one check against one target.
 *
 * @param component what the check is about
 * @param target    the node or Sentinel ({@code host:port}), master name, or certificate file judged
 * @param name      the check's stable, kebab-case name, such as {@code memory} or {@code ckquorum}
 * @param severity  the finding
 * @param detail    one line for a human saying what was found and, when not OK, what to do
 * @param measured  the values the finding rests on (numbers, strings, booleans), in a stable order,
 *                  for JSON and the dashboard; no nulls
 */
public record HealthCheck(
        Component component,
        String target,
        String name,
        Severity severity,
        String detail,
        Map<String, Object> measured) {

    public HealthCheck {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(detail, "detail");
        Map<String, Object> copy = new LinkedHashMap<>();
        measured.forEach((key, value) -> copy.put(
                Objects.requireNonNull(key, "measured key"),
                Objects.requireNonNull(value, () -> "measured value of " + key)));
        measured = Collections.unmodifiableMap(copy);
    }

    /** Whether the finding is {@link Severity#OK}. */
    public boolean isOk() {
        return severity == Severity.OK;
    }
}

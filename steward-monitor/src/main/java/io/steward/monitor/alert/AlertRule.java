package io.steward.monitor.alert;

import io.steward.ConfigException;
import io.steward.ops.config.AlertSeverity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One alerting rule: when {@link #condition()} holds for a target continuously for
 * {@link #forDuration()}, an alert of {@link #severity()} fires for it. A zero {@code for} fires at
 * once.
 *
 * @param name            stable, kebab-case name, unique within an {@link AlertRules}
 * @param severity        how urgent the alert is
 * @param forDuration     how long the condition must hold before the alert fires; zero or positive
 * @param inputs          the {@link Observation} keys the condition reads; an observation lacking any
 *                        of them is not judged by this rule
 * @param condition       the test
 * @param summaryTemplate one line for a human; {@code {target}} and {@code {key}} of any observation
 *                        value are replaced by what the round saw
 */
public record AlertRule(
        String name,
        AlertSeverity severity,
        Duration forDuration,
        Set<String> inputs,
        AlertCondition condition,
        String summaryTemplate) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    /** @throws ConfigException if the name is blank or {@code for} is negative */
    public AlertRule {
        if (name == null || name.isBlank()) {
            throw new ConfigException("alerts.rules.name", "must not be blank");
        }
        Objects.requireNonNull(severity, "severity");
        if (forDuration == null || forDuration.isNegative()) {
            throw new ConfigException(
                    "alerts.rules." + name + ".for", "must be zero or a positive duration, was " + forDuration);
        }
        inputs = Set.copyOf(inputs);
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(summaryTemplate, "summaryTemplate");
    }

    /** This rule with another {@code for} duration. */
    public AlertRule withFor(Duration newFor) {
        return new AlertRule(name, severity, newFor, inputs, condition, summaryTemplate);
    }

    /** This rule with another severity. */
    public AlertRule withSeverity(AlertSeverity newSeverity) {
        return new AlertRule(name, newSeverity, forDuration, inputs, condition, summaryTemplate);
    }

    /** Whether {@code observation} carries every input, so the rule can judge it. */
    public boolean canJudge(Observation observation) {
        return observation.values().keySet().containsAll(inputs);
    }

    /** The summary with the placeholders filled from {@code observation}; unknown ones stay as written. */
    public String summarize(Observation observation) {
        Matcher matcher = PLACEHOLDER.matcher(summaryTemplate);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1);
            String replacement = key.equals("target")
                    ? observation.target()
                    : observation.has(key) ? render(observation.values().get(key)) : matcher.group();
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static String render(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue())
                    .setScale(3, RoundingMode.HALF_UP)
                    .stripTrailingZeros()
                    .toPlainString();
        }
        if (value instanceof Duration duration) {
            return render(duration);
        }
        return String.valueOf(value);
    }

    private static String render(Duration duration) {
        String sign = duration.isNegative() ? "-" : "";
        Duration abs = duration.abs();
        if (abs.toDays() > 0) {
            return sign + abs.toDays() + "d" + (abs.toHoursPart() > 0 ? abs.toHoursPart() + "h" : "");
        }
        if (abs.toHours() > 0) {
            return sign + abs.toHours() + "h" + (abs.toMinutesPart() > 0 ? abs.toMinutesPart() + "m" : "");
        }
        if (abs.toMinutes() > 0) {
            return sign + abs.toMinutes() + "m" + (abs.toSecondsPart() > 0 ? abs.toSecondsPart() + "s" : "");
        }
        return sign + abs.toSeconds() + "s";
    }
}

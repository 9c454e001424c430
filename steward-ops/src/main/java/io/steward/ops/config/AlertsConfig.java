package io.steward.ops.config;

import io.steward.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which alert rules run, how they are tuned and where alerts go: the {@code alerts} section. Build
 * with {@link #builder()}; the monitor turns it into the rule set the daemon evaluates.
 *
 * @param rules          the rule set; {@code default}, the built-in rules, is the only one
 * @param repeatInterval ({@code repeat-interval}) how long a firing alert waits before it is notified
 *                       again; at least {@link #MIN_REPEAT_INTERVAL}
 * @param thresholds     the limits of the built-in rules
 * @param overrides      per built-in rule name, changes to that rule, in the order written
 * @param notifiers      ({@code notify}) where firing, repeated and resolved alerts are sent, in order
 */
public record AlertsConfig(
        String rules,
        Duration repeatInterval,
        AlertThresholds thresholds,
        Map<String, RuleOverride> overrides,
        List<Notifier> notifiers) {

    public static final String DEFAULT_RULES = "default";
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    /** Shorter repeats would notify again on nearly every evaluation round. */
    public static final Duration MIN_REPEAT_INTERVAL = Duration.ofMinutes(1);

    /** The names {@link #overrides()} may use: those of the built-in rules, in order. */
    public static final List<String> RULE_NAMES = List.of(
            "instance-down",
            "memory-critical",
            "memory-high",
            "replication-link-down",
            "aof-write-error",
            "rdb-bgsave-error",
            "too-many-connections",
            "slowlog-entries",
            "backup-overdue",
            "low-hit-ratio",
            "high-fragmentation",
            "store-evictions",
            "failover-happened",
            "sentinel-quorum-lost",
            "sentinel-tilt",
            "cluster-state-not-ok",
            "certificate-expiring");

    /** The built-in rules at their defaults and no notifiers (alerts show on the dashboard only). */
    public static final AlertsConfig DEFAULT =
            new AlertsConfig(DEFAULT_RULES, DEFAULT_REPEAT_INTERVAL, AlertThresholds.DEFAULTS, Map.of(), List.of());

    /**
     * @throws ConfigException naming the field when the rule set is unknown, the repeat interval is
     *                         below the minimum, an override names an unknown rule or has a negative
     *                         {@code for}
     */
    public AlertsConfig {
        if (!DEFAULT_RULES.equals(rules)) {
            throw new ConfigException("alerts.rules", "unknown rule set '" + rules + "'; allowed: " + DEFAULT_RULES);
        }
        if (repeatInterval == null || repeatInterval.compareTo(MIN_REPEAT_INTERVAL) < 0) {
            throw new ConfigException(
                    "alerts.repeat-interval",
                    "must be a duration of at least " + ValueSyntax.formatDuration(MIN_REPEAT_INTERVAL)
                            + ", such as 4h, was "
                            + (repeatInterval == null ? "nothing" : ValueSyntax.formatDuration(repeatInterval)));
        }
        Objects.requireNonNull(thresholds, "thresholds");
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides == null ? Map.of() : overrides));
        overrides.forEach(AlertsConfig::checkOverride);
        notifiers = List.copyOf(notifiers == null ? List.of() : notifiers);
    }

    private static void checkOverride(String rule, RuleOverride override) {
        Objects.requireNonNull(override, () -> "override of " + rule);
        if (!RULE_NAMES.contains(rule)) {
            throw new ConfigException(
                    "alerts.overrides." + rule,
                    "unknown rule '" + rule + "'; allowed: " + String.join(", ", RULE_NAMES));
        }
        if (override.forDuration() != null && override.forDuration().isNegative()) {
            throw new ConfigException(
                    "alerts.overrides." + rule + ".for",
                    "must be zero or a positive duration such as 30s, was "
                            + ValueSyntax.formatDuration(override.forDuration()));
        }
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Changes to one built-in rule.
     *
     * @param forDuration ({@code for}) how long the condition must hold before the alert fires;
     *                    {@code null} keeps the rule's
     * @param severity    the alert's severity; {@code null} keeps the rule's
     * @param enabled     {@code false} removes the rule
     */
    public record RuleOverride(Duration forDuration, AlertSeverity severity, boolean enabled) {

        /** Removes the rule. */
        public static final RuleOverride DISABLED = new RuleOverride(null, null, false);

        /** Keeps the rule, firing after {@code forDuration} with {@code severity}; either may be null. */
        public static RuleOverride of(Duration forDuration, AlertSeverity severity) {
            return new RuleOverride(forDuration, severity, true);
        }
    }

    /**
     * One alert destination.
     *
     * @param webhook an {@code http} or {@code https} URL that receives a POST per notified alert; it may
     *                hold a token (Slack's do), so {@link #toString()} shows only its origin
     * @param format  the body posted
     * @param timeout how long one request may take, {@link #MIN_TIMEOUT} to {@link #MAX_TIMEOUT}
     * @param retries how often a failed request is retried, 0 to {@link #MAX_RETRIES}
     */
    public record Notifier(URI webhook, Format format, Duration timeout, int retries) {

        public static final Format DEFAULT_FORMAT = Format.JSON;
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
        public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
        public static final int DEFAULT_RETRIES = 3;
        public static final int MAX_RETRIES = 10;

        /**
         * @throws ConfigException naming the field when the URL is not http(s), the timeout is out of
         *                         range or the retries are out of range
         */
        public Notifier {
            Objects.requireNonNull(webhook, "webhook");
            String scheme = webhook.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || webhook.getHost() == null) {
                throw new ConfigException(
                        "alerts.notify.webhook",
                        "'" + webhook + "' is not an http(s) URL such as http://127.0.0.1:9000/hook");
            }
            Objects.requireNonNull(format, "format");
            if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new ConfigException(
                        "alerts.notify.timeout",
                        "must be a duration from " + ValueSyntax.formatDuration(MIN_TIMEOUT) + " to "
                                + ValueSyntax.formatDuration(MAX_TIMEOUT) + ", such as 5s, was "
                                + (timeout == null ? "nothing" : ValueSyntax.formatDuration(timeout)));
            }
            if (retries < 0 || retries > MAX_RETRIES) {
                throw new ConfigException("alerts.notify.retries", "must be 0-" + MAX_RETRIES + ", was " + retries);
            }
        }

        /** A JSON webhook with the default timeout and retries. */
        public static Notifier of(URI webhook) {
            return new Notifier(webhook, DEFAULT_FORMAT, DEFAULT_TIMEOUT, DEFAULT_RETRIES);
        }

        /** The webhook's scheme, host and port, safe to log: the path and query may hold a token. */
        public String origin() {
            return webhook.getScheme() + "://" + webhook.getHost()
                    + (webhook.getPort() < 0 ? "" : ":" + webhook.getPort());
        }

        @Override
        public String toString() {
            return "Notifier[webhook=" + origin() + "/***, format=" + format.yamlName() + ", timeout="
                    + ValueSyntax.formatDuration(timeout) + ", retries=" + retries + "]";
        }

        /** The body posted to the webhook. */
        public enum Format {
            /** Steward's JSON document with every field of the alert. */
            JSON,
            /** A Slack incoming-webhook message: {@code {"text": "..."}}. */
            SLACK;

            /** The spelling used in {@code steward.yaml}. */
            public String yamlName() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }

    /** Mutable builder of {@link AlertsConfig}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String rules;
        private Duration repeatInterval;
        private AlertThresholds thresholds;
        private final Map<String, RuleOverride> overrides;
        private final List<Notifier> notifiers;

        private Builder(AlertsConfig from) {
            rules = from.rules;
            repeatInterval = from.repeatInterval;
            thresholds = from.thresholds;
            overrides = new LinkedHashMap<>(from.overrides);
            notifiers = new ArrayList<>(from.notifiers);
        }

        public Builder rules(String value) {
            rules = value;
            return this;
        }

        public Builder repeatInterval(Duration value) {
            repeatInterval = value;
            return this;
        }

        public Builder thresholds(AlertThresholds value) {
            thresholds = value;
            return this;
        }

        /** Sets the override of {@code rule}, replacing an earlier one. */
        public Builder override(String rule, RuleOverride value) {
            overrides.put(rule, value);
            return this;
        }

        /** Appends a destination. */
        public Builder notifier(Notifier value) {
            notifiers.add(value);
            return this;
        }

        /** @throws ConfigException as the {@link AlertsConfig} constructor */
        public AlertsConfig build() {
            return new AlertsConfig(rules, repeatInterval, thresholds, overrides, notifiers);
        }
    }
}

package io.steward.ops.config;

import io.steward.ConfigException;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Which alert rules run and where alerts go: the {@code alerts} section.
 *
 * @param rules  the rule set, {@code default} for the built-in rules
 * @param notifiers ({@code notify}) where firing and resolved alerts are sent, in order
 */
public record AlertsConfig(String rules, List<Notifier> notifiers) {

    public static final String DEFAULT_RULES = "default";

    /** The built-in rules and no notifiers (alerts show on the dashboard only). */
    public static final AlertsConfig DEFAULT = new AlertsConfig(DEFAULT_RULES, List.of());

    public AlertsConfig {
        if (rules == null || rules.isBlank()) {
            throw new ConfigException("alerts.rules", "must name a rule set, such as 'default'");
        }
        notifiers = List.copyOf(notifiers == null ? List.of() : notifiers);
    }

    /**
     * One alert destination.
     *
     * @param webhook an {@code http} or {@code https} URL that receives a JSON POST per alert
     */
    public record Notifier(URI webhook) {

        public Notifier {
            Objects.requireNonNull(webhook, "webhook");
            String scheme = webhook.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || webhook.getHost() == null) {
                throw new ConfigException(
                        "alerts.notify.webhook",
                        "'" + webhook + "' is not an http(s) URL such as http://127.0.0.1:9000/hook");
            }
        }
    }
}

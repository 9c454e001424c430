package io.steward.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertTransition;
import io.steward.ops.config.AlertsConfig.Notifier.Format;
import java.util.Locale;

/** The bodies posted to webhooks, one per {@link Format}. */
final class WebhookPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayload() {}

    /** The body for {@code format}: UTF-8 JSON either way. */
    static String render(Format format, AlertTransition transition, String deployment) {
        ObjectNode body =
                switch (format) {
                    case JSON -> document(transition, deployment);
                    case SLACK -> JSON.createObjectNode().put("text", slackText(transition));
                };
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON serialisation of a tree cannot fail", e);
        }
    }

    /**
     * {@code {"status", "kind", "rule", "target", "severity", "summary", "since", "at", "deployment"}}:
     * status is {@code firing} (for FIRING and REPEAT) or {@code resolved}; times are ISO-8601 instants.
     */
    static ObjectNode document(AlertTransition transition, String deployment) {
        Alert alert = transition.alert();
        return JSON.createObjectNode()
                .put("status", transition.kind() == AlertTransition.Kind.RESOLVED ? "resolved" : "firing")
                .put("kind", transition.kind().name())
                .put("rule", alert.rule())
                .put("target", alert.target())
                .put("severity", alert.severity().name().toLowerCase(Locale.ROOT))
                .put("summary", alert.summary())
                .put("since", alert.since().toString())
                .put("at", transition.at().toString())
                .put("deployment", deployment);
    }

    /**
     * {@code [FIRING critical] instance-down on 127.0.0.1:6379 — summary}, with {@code & < >} escaped
     * as Slack's message format requires.
     */
    static String slackText(AlertTransition transition) {
        Alert alert = transition.alert();
        String text = "[" + transition.kind() + " " + alert.severity().name().toLowerCase(Locale.ROOT) + "] "
                + alert.rule() + " on " + alert.target() + " \u2014 " + alert.summary();
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

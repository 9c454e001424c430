package io.steward.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.steward.monitor.alert.AlertTransition;
import io.steward.ops.config.AlertsConfig.Notifier.Format;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest {

    @Test
    void reportsRepeatAsFiringStatus() {
        AlertTransition repeat = Transitions.of(AlertTransition.Kind.REPEAT, "memory-high", "n:1", "high");

        assertThat(WebhookPayload.document(repeat, "prod").get("status").asText())
                .isEqualTo("firing");
        assertThat(WebhookPayload.document(repeat, "prod").get("kind").asText()).isEqualTo("REPEAT");
    }

    @Test
    void writesSlackTextAsKindSeverityRuleTargetAndSummary() {
        AlertTransition firing = Transitions.firing("instance-down", "127.0.0.1:6379");

        assertThat(WebhookPayload.slackText(firing))
                .isEqualTo("[FIRING critical] instance-down on 127.0.0.1:6379 \u2014 127.0.0.1:6379 is down");
    }

    @Test
    void escapesSlackControlCharactersInText() {
        AlertTransition firing = Transitions.of(AlertTransition.Kind.FIRING, "job-failed", "job <x>", "a & b <!here>");

        assertThat(WebhookPayload.slackText(firing))
                .isEqualTo("[FIRING critical] job-failed on job &lt;x&gt; \u2014 a &amp; b &lt;!here&gt;");
    }

    @Test
    void rendersSlackBodyAsTextObjectOnly() {
        assertThat(WebhookPayload.render(Format.SLACK, Transitions.firing("instance-down", "h:1"), "prod"))
                .isEqualTo("{\"text\":\"[FIRING critical] instance-down on h:1 \u2014 h:1 is down\"}");
    }
}

package io.steward.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.ConfigException;
import io.steward.ops.config.AlertsConfig.Notifier;
import io.steward.ops.config.AlertsConfig.RuleOverride;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsConfigTest {

    private static final String TOPOLOGY = "topology: { mode: standalone, nodes: [localhost:6379] }\n";

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("steward.yaml"), TOPOLOGY + yaml);
    }

    private AlertsConfig load(String yaml) throws IOException {
        return ConfigLoader.withEnvironment(Map.of()).read(write(yaml)).alerts();
    }

    private ConfigException loadError(String yaml) throws IOException {
        Path file = write(yaml);
        try {
            ConfigLoader.withEnvironment(Map.of()).read(file);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void shouldLoadEveryKeyOfTheAlertsSection() throws IOException {
        AlertsConfig alerts = load(
                """
                alerts:
                  rules: default
                  repeat-interval: 2h
                  thresholds:
                    memory-warning: 70%
                    max-connected-clients: 5000
                    backup-max-age: 36h
                    fragmentation-min-used-memory: 256mb
                  overrides:
                    memory-high: { for: 30s, severity: critical }
                    slowlog-entries: { enabled: false }
                  notify:
                    - webhook: http://127.0.0.1:9000/hook
                    - { webhook: "https://hooks.slack.com/services/T0/B0/x", format: slack, timeout: 2s, retries: 0 }
                """);

        assertThat(alerts)
                .isEqualTo(AlertsConfig.builder()
                        .repeatInterval(Duration.ofHours(2))
                        .thresholds(AlertThresholds.builder()
                                .memoryWarning(0.70)
                                .maxConnectedClients(5000)
                                .backupMaxAge(Duration.ofHours(36))
                                .fragmentationMinUsedMemory(256L << 20)
                                .build())
                        .override("memory-high", RuleOverride.of(Duration.ofSeconds(30), AlertSeverity.CRITICAL))
                        .override("slowlog-entries", RuleOverride.DISABLED)
                        .notifier(Notifier.of(URI.create("http://127.0.0.1:9000/hook")))
                        .notifier(new Notifier(
                                URI.create("https://hooks.slack.com/services/T0/B0/x"),
                                Notifier.Format.SLACK,
                                Duration.ofSeconds(2),
                                0))
                        .build());
    }

    @Test
    void shouldDefaultNotifierToJsonFiveSecondsThreeRetries() {
        Notifier notifier = Notifier.of(URI.create("http://127.0.0.1:9000/hook"));

        assertThat(notifier.format()).isEqualTo(Notifier.Format.JSON);
        assertThat(notifier.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(notifier.retries()).isEqualTo(3);
        assertThat(AlertsConfig.DEFAULT.repeatInterval()).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void shouldHideWebhookPathAndQueryInToString() {
        Notifier notifier = Notifier.of(URI.create("https://hooks.slack.com:8443/services/T0/B0/s3cret?token=t0k"));

        assertThat(notifier.origin()).isEqualTo("https://hooks.slack.com:8443");
        assertThat(notifier.toString()).doesNotContain("s3cret", "t0k", "services");
        assertThat(AlertsConfig.builder().notifier(notifier).build().toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldRejectUnknownRuleSet() throws IOException {
        ConfigException e = loadError("""
                alerts:
                  rules: strict
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("alerts.rules");
        assertThat(e.getMessage()).endsWith("alerts.rules: unknown rule set 'strict'; allowed: default");
    }

    @Test
    void shouldRejectRepeatIntervalBelowAMinute() throws IOException {
        ConfigException e =
                loadError("""
                alerts:
                  repeat-interval: 30s
                """);

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("alerts.repeat-interval");
        assertThat(e.getMessage())
                .endsWith("alerts.repeat-interval: must be a duration of at least 1m, such as 4h, was 30s");
    }

    @Test
    void shouldRejectRepeatIntervalThatIsNotADuration() throws IOException {
        ConfigException e = loadError("alerts: { repeat-interval: often }\n");

        assertThat(e.field()).isEqualTo("alerts.repeat-interval");
        assertThat(e.getMessage()).contains("'often' is not a duration; allowed:");
    }

    @Test
    void shouldListAllowedKeysWhenAlertsKeyIsUnknown() throws IOException {
        ConfigException e = loadError("alerts: { webhooks: [] }\n");

        assertThat(e.field()).isEqualTo("alerts.webhooks");
        assertThat(e.getMessage())
                .contains("unknown key 'webhooks'; allowed: rules, repeat-interval, thresholds, overrides, notify");
    }

    @Test
    void shouldListAllowedKeysWhenThresholdIsUnknown() throws IOException {
        ConfigException e = loadError(
                """
                alerts:
                  thresholds:
                    memory-warn: 0.7
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("alerts.thresholds.memory-warn");
        assertThat(e.getMessage())
                .contains("unknown key 'memory-warn'; allowed: memory-critical, memory-warning,"
                        + " max-connected-clients, backup-max-age, hit-ratio-min, hit-ratio-min-lookups,"
                        + " fragmentation-max, fragmentation-min-used-memory, certificate-expiry-warning");
    }

    @Test
    void shouldReportLineOfThresholdOutOfRange() throws IOException {
        ConfigException e = loadError(
                """
                alerts:
                  thresholds:
                    memory-critical: 0.9
                    memory-warning: 0.95
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("alerts.thresholds.memory-warning");
        assertThat(e.getMessage()).endsWith("must be below memory-critical (0.9), was 0.95");
    }

    @Test
    void shouldRejectThresholdOfTheWrongSyntax() throws IOException {
        ConfigException e = loadError("alerts: { thresholds: { backup-max-age: 36 } }\n");

        assertThat(e.field()).isEqualTo("alerts.thresholds.backup-max-age");
        assertThat(e.getMessage()).contains("'36' is not a duration");
    }

    @Test
    void shouldListRuleNamesWhenOverrideNamesUnknownRule() throws IOException {
        ConfigException e = loadError(
                """
                alerts:
                  overrides:
                    memory-hi: { enabled: false }
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("alerts.overrides.memory-hi");
        assertThat(e.getMessage())
                .contains("unknown rule 'memory-hi'; allowed: instance-down, memory-critical, memory-high,")
                .contains("certificate-expiring");
    }

    @Test
    void shouldRejectUnknownRuleInOverrideBuiltInCode() {
        assertThatThrownBy(() -> AlertsConfig.builder()
                        .override("nope", RuleOverride.DISABLED)
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("alerts.overrides.nope: unknown rule 'nope'; allowed: instance-down,");
    }

    @Test
    void shouldRejectNegativeForInOverride() {
        assertThatThrownBy(() -> AlertsConfig.builder()
                        .override("memory-high", RuleOverride.of(Duration.ofSeconds(-1), null))
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessage("alerts.overrides.memory-high.for: must be zero or a positive duration such as 30s,"
                        + " was -1s");
    }

    @Test
    void shouldListAllowedKeysWhenOverrideKeyIsUnknown() throws IOException {
        ConfigException e = loadError(
                """
                alerts:
                  overrides:
                    memory-high:
                      after: 30s
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("alerts.overrides.memory-high.after");
        assertThat(e.getMessage()).contains("unknown key 'after'; allowed: for, severity, enabled");
    }

    @Test
    void shouldListSeveritiesWhenOverrideSeverityIsUnknown() throws IOException {
        ConfigException e = loadError("alerts: { overrides: { memory-high: { severity: page } } }\n");

        assertThat(e.field()).isEqualTo("alerts.overrides.memory-high.severity");
        assertThat(e.getMessage()).contains("unknown severity 'page'; allowed: warning, critical");
    }

    @Test
    void shouldRejectOverrideForWithoutUnit() throws IOException {
        ConfigException e = loadError("alerts: { overrides: { instance-down: { for: 30 } } }\n");

        assertThat(e.field()).isEqualTo("alerts.overrides.instance-down.for");
        assertThat(e.getMessage()).contains("'30' is not a duration");
    }

    @Test
    void shouldRejectOverrideEnabledThatIsNotABoolean() throws IOException {
        ConfigException e = loadError("alerts: { overrides: { instance-down: { enabled: maybe } } }\n");

        assertThat(e.field()).isEqualTo("alerts.overrides.instance-down.enabled");
        assertThat(e.getMessage()).contains("'maybe' is not a boolean; allowed: true, false");
    }

    @Test
    void shouldShowTheShapeWhenOverrideIsNotAMapping() throws IOException {
        ConfigException e = loadError("alerts: { overrides: { instance-down: off } }\n");

        assertThat(e.field()).isEqualTo("alerts.overrides.instance-down");
        assertThat(e.getMessage())
                .contains("must be a mapping such as { for: 30s, severity: warning, enabled: false }, not a single"
                        + " value");
    }

    @Test
    void shouldNameIndexAndLineWhenNotifierTimeoutIsOutOfRange() throws IOException {
        ConfigException e = loadError(
                """
                alerts:
                  notify:
                    - webhook: http://127.0.0.1:9000/a
                    - webhook: http://127.0.0.1:9000/b
                      timeout: 10m
                """);

        assertThat(e.line()).isEqualTo(6);
        assertThat(e.field()).isEqualTo("alerts.notify[1].timeout");
        assertThat(e.getMessage())
                .endsWith("alerts.notify[1].timeout: must be a duration from 100ms to 5m, such as 5s, was 10m");
    }

    @Test
    void shouldRejectRetriesAboveTen() throws IOException {
        ConfigException e = loadError(
                """
                alerts:
                  notify:
                    - webhook: http://127.0.0.1:9000/a
                      retries: 11
                """);

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("alerts.notify[0].retries");
        assertThat(e.getMessage()).endsWith("alerts.notify[0].retries: must be 0-10, was 11");
    }

    @Test
    void shouldRejectNegativeRetriesBuiltInCode() {
        assertThatThrownBy(() -> new Notifier(
                        URI.create("http://127.0.0.1:9000/a"), Notifier.Format.JSON, Duration.ofSeconds(5), -1))
                .isInstanceOf(ConfigException.class)
                .hasMessage("alerts.notify.retries: must be 0-10, was -1");
    }

    @Test
    void shouldRejectRetriesThatAreNotANumber() throws IOException {
        ConfigException e = loadError("alerts: { notify: [ { webhook: \"http://h/x\", retries: many } ] }\n");

        assertThat(e.field()).isEqualTo("alerts.notify[0].retries");
        assertThat(e.getMessage()).contains("'many' is not a whole number");
    }

    @Test
    void shouldListFormatsWhenNotifierFormatIsUnknown() throws IOException {
        ConfigException e = loadError("alerts: { notify: [ { webhook: \"http://h/x\", format: teams } ] }\n");

        assertThat(e.field()).isEqualTo("alerts.notify[0].format");
        assertThat(e.getMessage()).contains("unknown format 'teams'; allowed: json, slack");
    }

    @Test
    void shouldRequireWebhookOfEveryNotifier() throws IOException {
        ConfigException e = loadError(
                """
                alerts:
                  notify:
                    - format: slack
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("alerts.notify[0].webhook");
        assertThat(e.getMessage()).contains("required; an http(s) URL such as http://127.0.0.1:9000/hook");
    }

    @Test
    void shouldRejectWebhookThatIsNotHttp() throws IOException {
        ConfigException e = loadError(
                """
                alerts:
                  notify:
                    - webhook: ftp://127.0.0.1/hook
                """);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("alerts.notify[0].webhook");
        assertThat(e.getMessage()).contains("'ftp://127.0.0.1/hook' is not an http(s) URL");
    }

    @Test
    void shouldListAllowedKeysWhenNotifierKeyIsUnknown() throws IOException {
        ConfigException e = loadError("alerts: { notify: [ { url: \"http://h/x\" } ] }\n");

        assertThat(e.field()).isEqualTo("alerts.notify[0].url");
        assertThat(e.getMessage()).contains("unknown key 'url'; allowed: webhook, format, timeout, retries");
    }

    @Test
    void shouldRejectNotifyThatIsNotAList() throws IOException {
        ConfigException e = loadError("alerts: { notify: { webhook: \"http://h/x\" } }\n");

        assertThat(e.field()).isEqualTo("alerts.notify");
        assertThat(e.getMessage()).contains("must be a list such as [ { webhook: \"http://127.0.0.1:9000/hook\" } ]");
    }
}

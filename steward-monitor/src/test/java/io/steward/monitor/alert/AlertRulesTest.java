package io.steward.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.steward.ConfigException;
import io.steward.ops.config.AlertSeverity;
import io.steward.ops.config.AlertThresholds;
import io.steward.ops.config.AlertsConfig;
import io.steward.ops.config.AlertsConfig.RuleOverride;
import io.steward.test.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    private static final String NODE = "10.0.0.1:6379";

    private static boolean holds(AlertRules rules, String name, Observation observation) {
        AlertRule rule = rules.rule(name).orElseThrow();
        return rule.canJudge(observation) && rule.condition().holds(observation);
    }

    @Test
    void defaultsContainEveryRuleOfTheIssueWithItsForAndSeverity() {
        assertThat(AlertRules.defaults().rules())
                .extracting(AlertRule::name, AlertRule::forDuration, AlertRule::severity)
                .containsExactly(
                        tuple("instance-down", Duration.ofMinutes(1), AlertSeverity.CRITICAL),
                        tuple("memory-critical", Duration.ofMinutes(2), AlertSeverity.CRITICAL),
                        tuple("memory-high", Duration.ofMinutes(5), AlertSeverity.WARNING),
                        tuple("replication-link-down", Duration.ofMinutes(2), AlertSeverity.CRITICAL),
                        tuple("aof-write-error", Duration.ZERO, AlertSeverity.CRITICAL),
                        tuple("rdb-bgsave-error", Duration.ZERO, AlertSeverity.CRITICAL),
                        tuple("too-many-connections", Duration.ofMinutes(5), AlertSeverity.WARNING),
                        tuple("slowlog-entries", Duration.ofMinutes(2), AlertSeverity.WARNING),
                        tuple("backup-overdue", Duration.ZERO, AlertSeverity.WARNING),
                        tuple("low-hit-ratio", Duration.ofMinutes(10), AlertSeverity.WARNING),
                        tuple("high-fragmentation", Duration.ofMinutes(10), AlertSeverity.WARNING),
                        tuple("store-evictions", Duration.ZERO, AlertSeverity.CRITICAL),
                        tuple("failover-happened", Duration.ZERO, AlertSeverity.WARNING),
                        tuple("sentinel-quorum-lost", Duration.ZERO, AlertSeverity.CRITICAL),
                        tuple("sentinel-tilt", Duration.ZERO, AlertSeverity.WARNING),
                        tuple("cluster-state-not-ok", Duration.ZERO, AlertSeverity.CRITICAL),
                        tuple("certificate-expiring", Duration.ZERO, AlertSeverity.WARNING));
    }

    @Test
    void defaultsJudgeTheIssueThresholds() {
        AlertRules rules = AlertRules.defaults();
        Observation.Builder node = Observation.builder(NODE);

        assertThat(holds(rules, "memory-critical", node.memoryRatio(0.96).build()))
                .isTrue();
        assertThat(holds(rules, "memory-critical", node.memoryRatio(0.95).build()))
                .isFalse();
        assertThat(holds(rules, "memory-high", node.memoryRatio(0.81).build())).isTrue();
        assertThat(holds(
                        rules,
                        "too-many-connections",
                        node.connectedClients(801).build()))
                .isTrue();
        assertThat(holds(
                        rules,
                        "too-many-connections",
                        node.connectedClients(800).build()))
                .isFalse();
        assertThat(holds(
                        rules,
                        "backup-overdue",
                        node.lastBackupAge(Duration.ofHours(25)).build()))
                .isTrue();
        assertThat(holds(
                        rules,
                        "backup-overdue",
                        node.lastBackupAge(Duration.ofHours(23)).build()))
                .isFalse();
        assertThat(holds(rules, "low-hit-ratio", node.hitRatio(0.7, 5000).build()))
                .isTrue();
        assertThat(holds(rules, "low-hit-ratio", node.hitRatio(0.7, 10).build()))
                .as("too few lookups to judge")
                .isFalse();
        assertThat(holds(
                        rules,
                        "high-fragmentation",
                        node.fragmentation(2.5, 1L << 30).build()))
                .isTrue();
        assertThat(holds(
                        rules,
                        "high-fragmentation",
                        node.fragmentation(2.5, 1L << 20).build()))
                .as("too little memory used to judge")
                .isFalse();
        assertThat(holds(
                        rules,
                        "store-evictions",
                        node.dataRole("store").evictedKeysDelta(3).build()))
                .isTrue();
        assertThat(holds(
                        rules,
                        "store-evictions",
                        node.dataRole("cache").evictedKeysDelta(3).build()))
                .isFalse();
        assertThat(holds(
                        rules,
                        "certificate-expiring",
                        node.certificateExpiresIn(Duration.ofDays(3)).build()))
                .isTrue();
        assertThat(holds(
                        rules,
                        "cluster-state-not-ok",
                        node.clusterStateOk(false).build()))
                .isTrue();
        assertThat(holds(
                        rules,
                        "sentinel-quorum-lost",
                        node.sentinelQuorumOk(true).build()))
                .isFalse();
    }

    @Test
    void thresholdOverrideChangesTheCondition() {
        AlertRules rules = AlertRules.defaults(AlertThresholds.builder()
                .maxConnectedClients(100)
                .memoryCritical(0.99)
                .build());

        assertThat(holds(
                        rules,
                        "too-many-connections",
                        Observation.builder(NODE).connectedClients(101).build()))
                .isTrue();
        assertThat(holds(
                        rules,
                        "memory-critical",
                        Observation.builder(NODE).memoryRatio(0.97).build()))
                .isFalse();
        assertThat(rules.rule("too-many-connections")
                        .orElseThrow()
                        .summarize(
                                Observation.builder(NODE).connectedClients(101).build()))
                .isEqualTo(NODE + " has 101 clients (limit 100)");
    }

    @Test
    void withForOverridesOneRuleAndKeepsTheRest() {
        AlertRules rules = AlertRules.defaults().withFor("instance-down", Duration.ofSeconds(30));

        assertThat(rules.rule("instance-down").orElseThrow().forDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(rules.rules()).hasSameSizeAs(AlertRules.defaults().rules());
        assertThat(AlertRules.defaults().rule("instance-down").orElseThrow().forDuration())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void overriddenForGatesTheEngine() {
        MutableClock clock = new MutableClock(java.time.Instant.EPOCH);
        AlertEngine engine = AlertEngine.create(AlertRules.defaults().withFor("memory-high", Duration.ZERO), clock);

        List<AlertTransition> transitions = engine.evaluate(
                List.of(Observation.builder(NODE).memoryRatio(0.85).build()));

        assertThat(transitions).extracting(AlertTransition::kind).containsExactly(AlertTransition.Kind.FIRING);
    }

    @Test
    void withForRejectsUnknownRuleAndNegativeDuration() {
        assertThatThrownBy(() -> AlertRules.defaults().withFor("no-such-rule", Duration.ZERO))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no-such-rule");
        assertThatThrownBy(() -> AlertRules.defaults().withFor("instance-down", Duration.ofSeconds(-1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("instance-down");
    }

    @Test
    void withReplacesInPlaceAndWithoutRemoves() {
        AlertRule custom = new AlertRule(
                "instance-down",
                AlertSeverity.WARNING,
                Duration.ZERO,
                java.util.Set.of(Observation.UP),
                o -> !o.flag(Observation.UP),
                "{target} down");

        AlertRules rules = AlertRules.defaults().with(custom).without("sentinel-tilt");

        assertThat(rules.rules().get(0)).isSameAs(custom);
        assertThat(rules.rule("sentinel-tilt")).isEmpty();
        assertThat(rules.rules()).hasSize(AlertRules.defaults().rules().size() - 1);
    }

    @Test
    void thresholdsRoundTripThroughBuilder() {
        AlertThresholds custom = AlertThresholds.builder()
                .hitRatioMin(0.5)
                .backupMaxAge(Duration.ofHours(6))
                .build();

        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        assertThat(AlertThresholds.DEFAULTS.toBuilder().build()).isEqualTo(AlertThresholds.DEFAULTS);
    }

    @Test
    void thresholdsRejectWarningAboveCritical() {
        assertThatThrownBy(() -> AlertThresholds.builder().memoryWarning(0.97).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("memory-warning");
    }

    @Test
    void summaryRendersDurationsAndKeepsUnknownPlaceholders() {
        AlertRule rule = AlertRules.defaults().rule("backup-overdue").orElseThrow();

        assertThat(rule.summarize(Observation.builder("prod")
                        .lastBackupAge(Duration.ofHours(30))
                        .build()))
                .isEqualTo("prod was last backed up 1d6h ago (limit 1d)");
        assertThat(rule.withFor(Duration.ZERO)
                        .summarize(Observation.builder("prod").build()))
                .contains("{lastBackupAge}");
    }

    @Test
    void shouldBuildDefaultRulesWhenNothingIsOverridden() {
        assertThat(AlertRules.configured(AlertsConfig.DEFAULT).rules())
                .extracting(AlertRule::name, AlertRule::forDuration, AlertRule::severity)
                .isEqualTo(AlertRules.defaults().rules().stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.name(), r.forDuration(), r.severity()))
                        .toList());
    }

    @Test
    void shouldApplyThresholdsOverridesAndDisabledRulesToEffectiveRules() {
        AlertsConfig alerts = AlertsConfig.builder()
                .thresholds(AlertThresholds.builder().memoryWarning(0.5).build())
                .override(AlertRules.MEMORY_HIGH, RuleOverride.of(Duration.ofSeconds(30), AlertSeverity.CRITICAL))
                .override(AlertRules.INSTANCE_DOWN, RuleOverride.of(null, AlertSeverity.WARNING))
                .override(AlertRules.SLOWLOG_ENTRIES, RuleOverride.DISABLED)
                .build();

        AlertRules rules = AlertRules.configured(alerts);

        assertThat(rules.rule(AlertRules.SLOWLOG_ENTRIES)).isEmpty();
        assertThat(rules.rules()).hasSize(AlertRules.defaults().rules().size() - 1);
        AlertRule memoryHigh = rules.rule(AlertRules.MEMORY_HIGH).orElseThrow();
        assertThat(memoryHigh.forDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(memoryHigh.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(holds(
                        rules,
                        AlertRules.MEMORY_HIGH,
                        Observation.builder("n:1").memoryRatio(0.6).build()))
                .isTrue();
        AlertRule instanceDown = rules.rule(AlertRules.INSTANCE_DOWN).orElseThrow();
        assertThat(instanceDown.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(instanceDown.forDuration()).isEqualTo(AlertRules.DEFAULT_INSTANCE_DOWN_FOR);
    }

    @Test
    void shouldNameEveryBuiltInRuleInTheConfigModel() {
        assertThat(AlertRules.defaults().rules()).extracting(AlertRule::name).isEqualTo(AlertsConfig.RULE_NAMES);
    }
}

package io.steward.monitor.alert;

import static io.steward.monitor.alert.Observation.*;
import static io.steward.ops.config.AlertSeverity.CRITICAL;
import static io.steward.ops.config.AlertSeverity.WARNING;

import io.steward.ConfigException;
import io.steward.ops.config.AlertSeverity;
import io.steward.ops.config.AlertThresholds;
import io.steward.ops.config.AlertsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An immutable, ordered set of {@link AlertRule}s with unique names. {@link #defaults()} is the
 * built-in set; {@link #withFor}, {@link #with} and {@link #without} derive changed copies.
 */
public final class AlertRules {

    public static final String INSTANCE_DOWN = "instance-down";
    public static final String MEMORY_CRITICAL = "memory-critical";
    public static final String MEMORY_HIGH = "memory-high";
    public static final String REPLICATION_LINK_DOWN = "replication-link-down";
    public static final String AOF_WRITE_ERROR = "aof-write-error";
    public static final String RDB_BGSAVE_ERROR = "rdb-bgsave-error";
    public static final String TOO_MANY_CONNECTIONS = "too-many-connections";
    public static final String SLOWLOG_ENTRIES = "slowlog-entries";
    public static final String BACKUP_OVERDUE = "backup-overdue";
    public static final String LOW_HIT_RATIO = "low-hit-ratio";
    public static final String HIGH_FRAGMENTATION = "high-fragmentation";
    public static final String STORE_EVICTIONS = "store-evictions";
    public static final String FAILOVER_HAPPENED = "failover-happened";
    public static final String SENTINEL_QUORUM_LOST = "sentinel-quorum-lost";
    public static final String SENTINEL_TILT = "sentinel-tilt";
    public static final String CLUSTER_STATE_NOT_OK = "cluster-state-not-ok";
    public static final String CERTIFICATE_EXPIRING = "certificate-expiring";

    public static final Duration DEFAULT_INSTANCE_DOWN_FOR = Duration.ofMinutes(1);
    public static final Duration DEFAULT_MEMORY_CRITICAL_FOR = Duration.ofMinutes(2);
    public static final Duration DEFAULT_MEMORY_HIGH_FOR = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPLICATION_LINK_DOWN_FOR = Duration.ofMinutes(2);
    public static final Duration DEFAULT_TOO_MANY_CONNECTIONS_FOR = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SLOWLOG_ENTRIES_FOR = Duration.ofMinutes(2);
    public static final Duration DEFAULT_LOW_HIT_RATIO_FOR = Duration.ofMinutes(10);
    public static final Duration DEFAULT_HIGH_FRAGMENTATION_FOR = Duration.ofMinutes(10);

    private final List<AlertRule> rules;

    private AlertRules(List<AlertRule> rules) {
        Set<String> names = new HashSet<>();
        for (AlertRule rule : rules) {
            if (!names.add(rule.name())) {
                throw new ConfigException("alerts.rules." + rule.name(), "is defined twice");
            }
        }
        this.rules = List.copyOf(rules);
    }

    /**
     * The given rules in order.
     *
     * @throws ConfigException if two rules share a name
     */
    public static AlertRules of(List<AlertRule> rules) {
        return new AlertRules(rules);
    }

    /**
     * The rules to evaluate: the built-in rules judging against the configured thresholds, without those
     * an override disables, with the overridden {@code for} durations and severities.
     */
    public static AlertRules configured(AlertsConfig config) {
        AlertRules effective = defaults(config.thresholds());
        for (Map.Entry<String, AlertsConfig.RuleOverride> entry :
                config.overrides().entrySet()) {
            String rule = entry.getKey();
            AlertsConfig.RuleOverride override = entry.getValue();
            if (!override.enabled()) {
                effective = effective.without(rule);
                continue;
            }
            if (override.forDuration() != null) {
                effective = effective.withFor(rule, override.forDuration());
            }
            if (override.severity() != null) {
                effective = effective.withSeverity(rule, override.severity());
            }
        }
        return effective;
    }

    /** The built-in rules with {@link AlertThresholds#DEFAULTS}. */
    public static AlertRules defaults() {
        return defaults(AlertThresholds.DEFAULTS);
    }

    /** The built-in rules judging against {@code t}. */
    public static AlertRules defaults(AlertThresholds t) {
        return new AlertRules(List.of(
                rule(
                        INSTANCE_DOWN,
                        CRITICAL,
                        DEFAULT_INSTANCE_DOWN_FOR,
                        Set.of(UP),
                        o -> !o.flag(UP),
                        "{target} is down"),
                rule(
                        MEMORY_CRITICAL,
                        CRITICAL,
                        DEFAULT_MEMORY_CRITICAL_FOR,
                        Set.of(MEMORY_RATIO),
                        o -> o.number(MEMORY_RATIO) > t.memoryCritical(),
                        "{target} uses {memoryRatio} of maxmemory (limit " + t.memoryCritical() + ")"),
                rule(
                        MEMORY_HIGH,
                        WARNING,
                        DEFAULT_MEMORY_HIGH_FOR,
                        Set.of(MEMORY_RATIO),
                        o -> o.number(MEMORY_RATIO) > t.memoryWarning(),
                        "{target} uses {memoryRatio} of maxmemory (limit " + t.memoryWarning() + ")"),
                rule(
                        REPLICATION_LINK_DOWN,
                        CRITICAL,
                        DEFAULT_REPLICATION_LINK_DOWN_FOR,
                        // judged by role, not by the link alone: a replica promoted to master has no link, and
                        // its pending or firing alert must clear rather than wait for its next demotion
                        Set.of(ROLE),
                        o -> !"master".equals(o.text(ROLE)) && o.has(MASTER_LINK_UP) && !o.flag(MASTER_LINK_UP),
                        "{target} lost its link to the master"),
                rule(
                        AOF_WRITE_ERROR,
                        CRITICAL,
                        Duration.ZERO,
                        Set.of(AOF_LAST_WRITE_OK),
                        o -> !o.flag(AOF_LAST_WRITE_OK),
                        "{target} failed to write its AOF"),
                rule(
                        RDB_BGSAVE_ERROR,
                        CRITICAL,
                        Duration.ZERO,
                        Set.of(RDB_LAST_BGSAVE_OK),
                        o -> !o.flag(RDB_LAST_BGSAVE_OK),
                        "{target} failed its last RDB bgsave"),
                rule(
                        TOO_MANY_CONNECTIONS,
                        WARNING,
                        DEFAULT_TOO_MANY_CONNECTIONS_FOR,
                        Set.of(CONNECTED_CLIENTS),
                        o -> o.number(CONNECTED_CLIENTS) > t.maxConnectedClients(),
                        "{target} has {connectedClients} clients (limit " + t.maxConnectedClients() + ")"),
                rule(
                        SLOWLOG_ENTRIES,
                        WARNING,
                        DEFAULT_SLOWLOG_ENTRIES_FOR,
                        Set.of(NEW_SLOWLOG_ENTRIES),
                        o -> o.number(NEW_SLOWLOG_ENTRIES) > 0,
                        "{target} logged {newSlowlogEntries} new slow commands"),
                rule(
                        BACKUP_OVERDUE,
                        WARNING,
                        Duration.ZERO,
                        Set.of(LAST_BACKUP_AGE),
                        o -> o.duration(LAST_BACKUP_AGE).compareTo(t.backupMaxAge()) > 0,
                        "{target} was last backed up {lastBackupAge} ago (limit " + AlertRule.render(t.backupMaxAge())
                                + ")"),
                rule(
                        LOW_HIT_RATIO,
                        WARNING,
                        DEFAULT_LOW_HIT_RATIO_FOR,
                        Set.of(HIT_RATIO, LOOKUPS),
                        o -> o.number(LOOKUPS) >= t.hitRatioMinLookups() && o.number(HIT_RATIO) < t.hitRatioMin(),
                        "{target} hit ratio is {hitRatio} over {lookups} lookups (minimum " + t.hitRatioMin() + ")"),
                rule(
                        HIGH_FRAGMENTATION,
                        WARNING,
                        DEFAULT_HIGH_FRAGMENTATION_FOR,
                        Set.of(FRAGMENTATION_RATIO, USED_MEMORY),
                        o -> o.number(USED_MEMORY) >= t.fragmentationMinUsedMemory()
                                && o.number(FRAGMENTATION_RATIO) > t.fragmentationMax(),
                        "{target} fragmentation ratio is {fragmentationRatio} (limit " + t.fragmentationMax() + ")"),
                rule(
                        STORE_EVICTIONS,
                        CRITICAL,
                        Duration.ZERO,
                        Set.of(DATA_ROLE, EVICTED_KEYS_DELTA),
                        o -> DATA_ROLE_STORE.equals(o.text(DATA_ROLE)) && o.number(EVICTED_KEYS_DELTA) > 0,
                        "{target} is a store and evicted {evictedKeysDelta} keys"),
                rule(
                        FAILOVER_HAPPENED,
                        WARNING,
                        Duration.ZERO,
                        Set.of(Observation.FAILOVER_HAPPENED),
                        o -> o.flag(Observation.FAILOVER_HAPPENED),
                        "{target} failed over{failoverSwitch}"),
                rule(
                        SENTINEL_QUORUM_LOST,
                        CRITICAL,
                        Duration.ZERO,
                        Set.of(SENTINEL_QUORUM_OK),
                        o -> !o.flag(SENTINEL_QUORUM_OK),
                        "{target} cannot reach the Sentinel quorum"),
                rule(
                        SENTINEL_TILT,
                        WARNING,
                        Duration.ZERO,
                        Set.of(Observation.SENTINEL_TILT),
                        o -> o.flag(Observation.SENTINEL_TILT),
                        "{target} is in TILT mode"),
                rule(
                        CLUSTER_STATE_NOT_OK,
                        CRITICAL,
                        Duration.ZERO,
                        Set.of(CLUSTER_STATE_OK),
                        o -> !o.flag(CLUSTER_STATE_OK),
                        "{target} cluster state is not ok"),
                rule(
                        CERTIFICATE_EXPIRING,
                        WARNING,
                        Duration.ZERO,
                        Set.of(CERTIFICATE_EXPIRES_IN),
                        o -> o.duration(CERTIFICATE_EXPIRES_IN).compareTo(t.certificateExpiryWarning()) < 0,
                        "{target} certificate expires in {certificateExpiresIn}")));
    }

    private static AlertRule rule(
            String name,
            AlertSeverity severity,
            Duration forDuration,
            Set<String> inputs,
            AlertCondition condition,
            String summary) {
        return new AlertRule(name, severity, forDuration, inputs, condition, summary);
    }

    /** The rules in order. */
    public List<AlertRule> rules() {
        return rules;
    }

    /** The rule named {@code name}, if any. */
    public Optional<AlertRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * These rules with {@code name}'s {@code for} duration replaced.
     *
     * @throws ConfigException if there is no such rule or the duration is negative
     */
    public AlertRules withFor(String name, Duration forDuration) {
        return replace(name, r -> r.withFor(forDuration));
    }

    /**
     * These rules with {@code name}'s severity replaced.
     *
     * @throws ConfigException if there is no such rule
     */
    public AlertRules withSeverity(String name, AlertSeverity severity) {
        return replace(name, r -> r.withSeverity(severity));
    }

    /** These rules with {@code rule} replacing the rule of the same name, or appended. */
    public AlertRules with(AlertRule rule) {
        List<AlertRule> copy = new ArrayList<>(rules);
        copy.removeIf(r -> r.name().equals(rule.name()));
        int index = indexOf(rule.name());
        copy.add(index < 0 ? copy.size() : index, rule);
        return new AlertRules(copy);
    }

    /** These rules without {@code name}; {@link ConfigException} if there is no such rule. */
    public AlertRules without(String name) {
        requireIndex(name);
        List<AlertRule> copy = new ArrayList<>(rules);
        copy.removeIf(r -> r.name().equals(name));
        return new AlertRules(copy);
    }

    private AlertRules replace(String name, UnaryOperator<AlertRule> change) {
        List<AlertRule> copy = new ArrayList<>(rules);
        int index = requireIndex(name);
        copy.set(index, change.apply(copy.get(index)));
        return new AlertRules(copy);
    }

    private int requireIndex(String name) {
        int index = indexOf(name);
        if (index < 0) {
            throw new ConfigException(
                    "alerts.rules." + name,
                    "is not a rule; known rules: "
                            + rules.stream().map(AlertRule::name).toList());
        }
        return index;
    }

    private int indexOf(String name) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "AlertRules" + rules.stream().map(AlertRule::name).toList();
    }
}

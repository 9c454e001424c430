package io.steward.ha.sentinel;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.provision.TopologyMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Sentinel administration for the deployment a {@code steward.yaml} describes: what every Sentinel
 * believes, checks against safe practice, a confirmed failover, and cleaning stale replica entries.
 *
 * <p>Every call opens short-lived connections through the given client (made with
 * {@link StewardClient#createForNodes}) and closes them before it returns. A Sentinel or node that cannot be
 * reached is reported in the result, not thrown. Waits are bounded by the timeouts given. Thread-safe
 * (it holds no state between calls), but running a failover or a reset concurrently with another is the
 * caller's mistake.
 */
public final class SentinelAdmin {

    /** How long {@link #failover(Duration)} waits when the caller has no opinion. */
    public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(60);
    /** How long {@link #reset(boolean)} waits for each Sentinel to rediscover the replicas and the others. */
    public static final Duration DEFAULT_RESET_TIMEOUT = Duration.ofSeconds(30);
    /** How often a wait asks again. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final StewardConfig config;
    private final String masterName;
    private final List<HostAndPort> sentinels;
    private final SentinelProbe probe;
    private final Clock clock;
    private final SentinelProbe.Pause pause;

    private SentinelAdmin(StewardConfig config, StewardClient client, Clock clock, SentinelProbe.Pause pause) {
        this.config = config;
        this.masterName = config.topology().masterName();
        this.sentinels = config.topology().sentinels();
        this.clock = clock;
        this.pause = pause;
        this.probe = new SentinelProbe(client, masterName, clock, pause);
    }

    /**
     * An engine for {@code config}'s Sentinels, timing with the system clock.
     *
     * @throws ConfigException naming {@code topology.mode} when the deployment is not in Sentinel mode
     */
    public static SentinelAdmin of(StewardConfig config, StewardClient client) {
        return of(config, client, Clock.systemUTC());
    }

    /**
     * An engine for {@code config}'s Sentinels, timing with {@code clock}.
     *
     * @throws ConfigException naming {@code topology.mode} when the deployment is not in Sentinel mode
     */
    public static SentinelAdmin of(StewardConfig config, StewardClient client, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(clock, "clock");
        requireSentinelMode(config);
        return new SentinelAdmin(config, client, clock, SentinelAdmin::sleep);
    }

    /**
     * Refuses a deployment that has no Sentinels.
     *
     * @throws ConfigException naming {@code topology.mode} (line 0: not a syntax error in the file)
     */
    public static void requireSentinelMode(StewardConfig config) {
        TopologyMode mode = config.topology().mode();
        if (mode != TopologyMode.SENTINEL) {
            String hint = mode == TopologyMode.CLUSTER
                    ? "a cluster fails over by itself; use 'steward cluster' instead"
                    : "a standalone deployment has no Sentinels (run 'steward up --topology sentinel' for one)";
            throw new ConfigException(config.file(), 0, "topology.mode", "is " + mode.id() + ", not sentinel: " + hint);
        }
    }

    /** Every Sentinel's view, their agreement, the replicas and stale entries, with the problems as findings. */
    public SentinelStatus status() {
        return StatusRules.status(probe.survey(sentinels, false));
    }

    /** Each Sentinel's {@code SENTINEL MASTERS}, in configuration order. */
    public List<SentinelReply> masters() {
        return ask(c -> c.masters());
    }

    /** Each Sentinel's {@code SENTINEL REPLICAS} for the master, port-0 entries included. */
    public List<SentinelReply> replicas() {
        return ask(c -> c.replicas(masterName));
    }

    private List<SentinelReply> ask(
            Function<io.lettuce.core.sentinel.api.sync.RedisSentinelCommands<String, String>, List<Map<String, String>>>
                    question) {
        List<SentinelReply> replies = new ArrayList<>();
        for (HostAndPort sentinel : sentinels) {
            try {
                replies.add(new SentinelReply(sentinel, null, probe.onSentinel(sentinel, question)));
            } catch (StewardException | RedisException e) {
                replies.add(new SentinelReply(sentinel, SentinelProbe.describe(e), List.of()));
            }
        }
        return replies;
    }

    /**
     * Checks the deployment against safe practice. Measures the master's write rate over about a second
     * ({@link SentinelProbe#RATE_INTERVAL}), so it takes at least that long.
     */
    public ValidationReport validate() {
        Survey survey = probe.survey(sentinels, true);
        List<ReplicaView> replicas = StatusRules.replicas(survey);
        List<StaleEntry> stale = StatusRules.stale(survey, false);
        return new ValidationReport(survey.at(), new ValidationRules(survey, replicas, stale).all());
    }

    /**
     * Asks one Sentinel for a failover ({@code SENTINEL FAILOVER}), then waits until the new master reports the
     * master role and every Sentinel that monitored the master before names it.
     *
     * @param timeout how long to wait for that, from sending the command
     * @throws StewardException when no Sentinel names a master to fail over from
     */
    public FailoverResult failover(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Survey before = probe.survey(sentinels, false);
        HostAndPort oldMaster = before.master();
        List<HostAndPort> voters =
                before.monitoring().stream().map(SentinelSnapshot::endpoint).toList();
        if (oldMaster == null || voters.isEmpty()) {
            throw new StewardException("no Sentinel of " + sentinels + " names a master for '" + masterName
                    + "'; check 'steward sentinel status'");
        }
        HostAndPort via = voters.get(0);
        long start = clock.millis();
        try {
            probe.onSentinel(via, c -> c.failover(masterName));
        } catch (RedisCommandExecutionException e) {
            return new FailoverResult(
                    oldMaster,
                    null,
                    clock.millis() - start,
                    false,
                    via,
                    lastSeen(voters),
                    "Sentinel " + via + " refused: " + SentinelProbe.describe(e));
        }
        long deadline = start + timeout.toMillis();
        long rounds = timeout.toMillis() / POLL_INTERVAL.toMillis() + 2;
        Map<HostAndPort, String> seen = Map.of();
        for (long round = 0; round < rounds; round++) {
            seen = lastSeen(voters);
            Set<String> named = new LinkedHashSet<>(seen.values());
            if (named.size() == 1) {
                HostAndPort candidate = parseOrNull(named.iterator().next());
                if (candidate != null && !candidate.equals(oldMaster) && probe.isMaster(candidate)) {
                    return new FailoverResult(oldMaster, candidate, clock.millis() - start, true, via, seen, null);
                }
            }
            if (clock.millis() >= deadline) {
                break;
            }
            pause.sleep(POLL_INTERVAL);
        }
        return new FailoverResult(
                oldMaster,
                null,
                clock.millis() - start,
                false,
                via,
                seen,
                "not confirmed within " + timeout.toSeconds() + " s: " + disagreement(oldMaster, seen));
    }

    private Map<HostAndPort, String> lastSeen(List<HostAndPort> voters) {
        Map<HostAndPort, String> seen = new LinkedHashMap<>();
        for (HostAndPort s : voters) {
            seen.put(s, probe.masterNamedBy(s));
        }
        return seen;
    }

    private static String disagreement(HostAndPort oldMaster, Map<HostAndPort, String> seen) {
        return seen.entrySet().stream()
                .map(e -> e.getKey() + " names " + e.getValue()
                        + (e.getValue().equals(oldMaster.toString()) ? " (the old master)" : ""))
                .collect(Collectors.joining("; "));
    }

    private static HostAndPort parseOrNull(String text) {
        try {
            return HostAndPort.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** As {@link #reset(boolean, Duration)} with {@link #DEFAULT_RESET_TIMEOUT} per Sentinel. */
    public ResetReport reset(boolean confirm) {
        return reset(confirm, false, DEFAULT_RESET_TIMEOUT);
    }

    /**
     * Finds stale replica entries and, when {@code confirm} is set, resets the Sentinels listing them
     * ({@code SENTINEL RESET}) one at a time: after each it waits until that Sentinel lists the replicas the
     * master streams to and the other Sentinels again, so a majority keeps knowing the deployment throughout.
     * A Sentinel that does not recover in time ends the run; the rest are left alone. Without {@code confirm}
     * it changes nothing and returns the plan.
     *
     * @param forgetDown  also forget replicas that are down and not replicating from the master; only for nodes
     *                    that are gone for good (a forgotten node that comes back is a master nobody demotes)
     * @param perSentinel how long to wait for each Sentinel to recover
     * @throws StewardException when the master cannot be read (without it the real replicas are unknown, and a
     *                          reset could not be checked), or when a configured Sentinel does not answer (it
     *                          would keep its entries, and the others could not be checked against it)
     */
    public ResetReport reset(boolean confirm, boolean forgetDown, Duration perSentinel) {
        Objects.requireNonNull(perSentinel, "perSentinel");
        Survey before = probe.survey(sentinels, false);
        List<StaleEntry> stale = StatusRules.stale(before, forgetDown);
        List<HostAndPort> targets = stale.stream()
                .map(StaleEntry::sentinel)
                .distinct()
                .sorted((a, b) -> Integer.compare(sentinels.indexOf(a), sentinels.indexOf(b)))
                .toList();
        if (!confirm || targets.isEmpty()) {
            return new ResetReport(confirm, stale, targets, List.of());
        }
        List<String> silent = before.sentinels().stream()
                .filter(snapshot -> !snapshot.isMonitoring())
                .map(snapshot -> snapshot.endpoint() + " ("
                        + (snapshot.error() == null ? "does not monitor it" : snapshot.error()) + ")")
                .toList();
        if (!silent.isEmpty()) {
            throw new StewardException("Sentinel " + String.join(", ", silent) + " does not answer for '" + masterName
                    + "'; no Sentinel was reset: run again when every Sentinel answers ('steward sentinel status')");
        }
        if (before.masterInfo() == null) {
            throw new StewardException("cannot read the master " + before.master() + " (" + before.masterError()
                    + "): the real replicas are unknown, so no Sentinel was reset");
        }
        Set<String> realReplicas = before.masterReplicas().keySet();
        List<HostAndPort> monitoring =
                before.monitoring().stream().map(SentinelSnapshot::endpoint).toList();
        List<ResetReport.Step> steps = new ArrayList<>();
        for (HostAndPort target : targets) {
            Set<String> others = monitoring.stream()
                    .filter(s -> !s.equals(target))
                    .map(HostAndPort::toString)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            ResetReport.Step step = resetOne(target, realReplicas, others, perSentinel);
            steps.add(step);
            if (!step.recovered()) {
                break;
            }
        }
        return new ResetReport(true, stale, targets, steps);
    }

    private ResetReport.Step resetOne(
            HostAndPort target, Set<String> realReplicas, Set<String> others, Duration timeout) {
        long start = clock.millis();
        try {
            probe.onSentinel(target, c -> c.reset(masterName));
        } catch (StewardException | RedisException e) {
            return new ResetReport.Step(
                    target, false, clock.millis() - start, "SENTINEL RESET failed: " + SentinelProbe.describe(e));
        }
        long rounds = timeout.toMillis() / POLL_INTERVAL.toMillis() + 2;
        String missing = "";
        for (long round = 0; round < rounds; round++) {
            SentinelSnapshot now = probe.read(target);
            if (now.isMonitoring()) {
                Set<String> replicas = now.replicas().stream()
                        .filter(io.steward.ops.info.ReplicaInfo::isListening)
                        .map(SentinelSnapshot::address)
                        .collect(Collectors.toSet());
                Set<String> known =
                        now.sentinels().stream().map(SentinelSnapshot::address).collect(Collectors.toSet());
                missing = missing(realReplicas, replicas, "replica") + missing(others, known, "Sentinel");
                if (missing.isEmpty()) {
                    return new ResetReport.Step(
                            target,
                            true,
                            clock.millis() - start,
                            "lists " + replicas.size() + " replica(s) and " + known.size() + " other Sentinel(s)");
                }
            } else {
                missing = now.error() == null ? "does not monitor '" + masterName + "'" : now.error();
            }
            if (clock.millis() - start >= timeout.toMillis()) {
                break;
            }
            pause.sleep(POLL_INTERVAL);
        }
        return new ResetReport.Step(
                target,
                false,
                clock.millis() - start,
                "not recovered within " + timeout.toSeconds() + " s; missing: " + missing.strip()
                        + "; the remaining Sentinels were not reset");
    }

    private static String missing(Set<String> expected, Set<String> actual, String what) {
        Set<String> absent = new LinkedHashSet<>(expected);
        absent.removeAll(actual);
        return absent.isEmpty() ? "" : what + " " + String.join(", ", absent) + " ";
    }

    /** The configuration this engine works on. */
    public StewardConfig config() {
        return config;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while waiting for the Sentinels", e);
        }
    }
}

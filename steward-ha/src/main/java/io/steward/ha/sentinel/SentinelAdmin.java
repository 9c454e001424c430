package io.steward.ha.sentinel;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.info.SentinelVotes;
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
 * reached is reported in the result, not thrown. Waits are bounded by the timeouts given, each poll included.
 * "The master" is the one a strict majority of the configured Sentinels names
 * ({@link io.steward.ops.info.SentinelVotes}); without one, a failover or reset is refused. Thread-safe
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

    private final String masterName;
    private final List<HostAndPort> sentinels;
    private final SentinelProbe probe;
    private final Clock clock;
    private final Deadline.Pause pause;

    private SentinelAdmin(StewardConfig config, StewardClient client, Clock clock, Deadline.Pause pause) {
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
        return new SentinelAdmin(config, client, clock, Deadline.SLEEP);
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
            Function<RedisSentinelCommands<String, String>, List<Map<String, String>>> question) {
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
     * What {@link #failover(Duration)} would do now; changes nothing.
     *
     * @throws StewardException when no strict majority of the configured Sentinels names one master
     */
    public FailoverPlan planFailover() {
        return plan(probe.survey(sentinels, false));
    }

    private FailoverPlan plan(Survey survey) {
        HostAndPort master = requireMajority(survey, "nothing was failed over");
        List<HostAndPort> askOrder = survey.monitoring().stream()
                .filter(s -> s.masterAddress().equals(master))
                .map(SentinelSnapshot::endpoint)
                .toList();
        List<ReplicaView> candidates = StatusRules.replicas(survey).stream()
                .filter(ReplicaView::connected)
                .toList();
        return new FailoverPlan(master, askOrder, candidates, sentinels.size());
    }

    /**
     * Asks a Sentinel for a failover ({@code SENTINEL FAILOVER}), then waits until the new master reports the master
     * role and every Sentinel that monitored the master before names it. The Sentinels are asked in the
     * {@linkplain FailoverPlan#askOrder() plan's order} until one accepts: one that cannot be reached or refuses is
     * reported and the next is asked, except on {@code INPROG} (a failover is already running; a second one would
     * compete with it). Every poll shares {@code timeout}: a slow Sentinel delays the answer by at most one
     * connect timeout.
     *
     * @param timeout how long to wait for that, from sending the first command
     * @throws StewardException when no strict majority of the configured Sentinels names one master; nothing is sent
     */
    public FailoverResult failover(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Survey before = probe.survey(sentinels, false);
        FailoverPlan plan = plan(before);
        List<HostAndPort> voters =
                before.monitoring().stream().map(SentinelSnapshot::endpoint).toList();
        Map<HostAndPort, String> seen = new LinkedHashMap<>();
        before.monitoring()
                .forEach(s -> seen.put(s.endpoint(), s.masterAddress().toString()));
        Deadline deadline = new Deadline(clock, pause, timeout);
        List<String> refusals = new ArrayList<>();
        HostAndPort via = askForFailover(plan.askOrder(), deadline, refusals);
        if (via == null) {
            return outcome(
                    plan, null, null, deadline, seen, "no Sentinel started a failover: " + String.join("; ", refusals));
        }
        try (SentinelProbe.Links links = probe.links()) {
            for (long poll = 0; poll < Deadline.maxPolls(timeout, POLL_INTERVAL); poll++) {
                seen.putAll(namedBy(links, voters, deadline));
                HostAndPort agreed = agreedNewMaster(seen, plan.master());
                if (agreed != null && probe.isMaster(agreed)) {
                    return outcome(plan, agreed, via, deadline, seen, null);
                }
                if (!deadline.pauseBeforeNextPoll(POLL_INTERVAL)) {
                    break;
                }
            }
        }
        return outcome(
                plan,
                null,
                via,
                deadline,
                seen,
                (refusals.isEmpty() ? "" : String.join("; ", refusals) + "; ") + "not confirmed within "
                        + timeout.toSeconds() + " s: " + disagreement(plan.master(), seen));
    }

    /** The Sentinel that accepted {@code SENTINEL FAILOVER}, or {@code null}; why the others did not, in {@code refusals}. */
    private HostAndPort askForFailover(List<HostAndPort> askOrder, Deadline deadline, List<String> refusals) {
        for (HostAndPort sentinel : askOrder) {
            if (deadline.passed()) {
                refusals.add("out of time before asking " + sentinel);
                return null;
            }
            try {
                probe.onSentinel(sentinel, c -> c.failover(masterName));
                return sentinel;
            } catch (RedisCommandExecutionException e) {
                String reason = SentinelProbe.describe(e);
                refusals.add("Sentinel " + sentinel + " refused: " + reason);
                if (reason.startsWith("INPROG")) {
                    return null; // asking another would start a second, competing failover
                }
            } catch (StewardException | RedisException e) {
                refusals.add("Sentinel " + sentinel + " cannot be asked: " + SentinelProbe.describe(e));
            }
        }
        return null;
    }

    private static Map<HostAndPort, String> namedBy(
            SentinelProbe.Links links, List<HostAndPort> voters, Deadline deadline) {
        Map<HostAndPort, String> seen = new LinkedHashMap<>();
        for (HostAndPort s : voters) {
            seen.put(s, deadline.passed() ? "not asked: out of time" : links.masterNamedBy(s));
        }
        return seen;
    }

    /** The one master every Sentinel names, when it is not the old one; {@code null} otherwise. */
    static HostAndPort agreedNewMaster(Map<HostAndPort, String> seen, HostAndPort oldMaster) {
        Set<String> named = new LinkedHashSet<>(seen.values());
        if (named.size() != 1) {
            return null;
        }
        HostAndPort candidate = parseOrNull(named.iterator().next());
        return candidate == null || candidate.equals(oldMaster) ? null : candidate;
    }

    private static FailoverResult outcome(
            FailoverPlan plan,
            HostAndPort newMaster,
            HostAndPort via,
            Deadline deadline,
            Map<HostAndPort, String> seen,
            String error) {
        return new FailoverResult(
                plan.master(), newMaster, deadline.elapsedMillis(), newMaster != null, via, seen, error);
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

    private HostAndPort requireMajority(Survey survey, String consequence) {
        if (survey.master() != null) {
            return survey.master();
        }
        String views = survey.sentinels().stream()
                .map(s -> s.endpoint() + (s.isMonitoring() ? " names " + s.masterAddress() : " names none"))
                .collect(Collectors.joining(", "));
        throw new StewardException(
                "no master for '" + masterName + "' has a majority (" + SentinelVotes.needed(sentinels.size())
                        + " of " + sentinels.size() + " Sentinels): " + views + "; " + consequence
                        + "; check 'steward sentinel status'");
    }

    /**
     * As {@link #reset(boolean, boolean, Duration)} without forgetting down replicas, with
     * {@link #DEFAULT_RESET_TIMEOUT} per Sentinel.
     */
    public ResetReport reset(boolean confirm) {
        return reset(confirm, false, DEFAULT_RESET_TIMEOUT);
    }

    /**
     * Finds stale replica entries and, when {@code confirm} is set, resets the Sentinels listing them
     * ({@code SENTINEL RESET}) one at a time: after each it waits until that Sentinel lists again the replicas the
     * master streams to and the other Sentinels it listed before the reset (by run id and announced address, so
     * host names in {@code topology.sentinels} do not matter), so a majority keeps knowing the deployment
     * throughout. A Sentinel that does not recover in time ends the run; the rest are left alone. Without
     * {@code confirm} it changes nothing and returns the plan.
     *
     * @param forgetDown  also forget replicas that are down and not replicating from the master; only for nodes
     *                    that are gone for good (a forgotten node that comes back is a master nobody demotes)
     * @param perSentinel how long to wait for each Sentinel to recover
     * @throws StewardException when a configured Sentinel does not answer (it would keep its entries, and the
     *                          others could not be checked against it), or when no majority names a master or the
     *                          master cannot be read (without it the real replicas are unknown, and a reset could
     *                          not be checked)
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
        HostAndPort master = requireMajority(before, "no Sentinel was reset");
        if (before.masterInfo() == null) {
            throw new StewardException("cannot read the master " + master + " (" + before.masterError()
                    + "): the real replicas are unknown, so no Sentinel was reset");
        }
        Set<String> realReplicas = before.masterReplicas().keySet();
        List<ResetReport.Step> steps = new ArrayList<>();
        for (HostAndPort target : targets) {
            SentinelSnapshot now = probe.read(target);
            SentinelSnapshot listing = now.isMonitoring() ? now : before.sentinel(target);
            ResetReport.Step step = resetOne(target, RecoveryCheck.of(listing, realReplicas), perSentinel);
            steps.add(step);
            if (!step.recovered()) {
                break;
            }
        }
        return new ResetReport(true, stale, targets, steps);
    }

    private ResetReport.Step resetOne(HostAndPort target, RecoveryCheck expected, Duration timeout) {
        Deadline deadline = new Deadline(clock, pause, timeout);
        try {
            probe.onSentinel(target, c -> c.reset(masterName));
        } catch (StewardException | RedisException e) {
            return new ResetReport.Step(
                    target, false, deadline.elapsedMillis(), "SENTINEL RESET failed: " + SentinelProbe.describe(e));
        }
        String missing = "";
        for (long poll = 0; poll < Deadline.maxPolls(timeout, POLL_INTERVAL); poll++) {
            SentinelSnapshot now = probe.read(target);
            if (now.isMonitoring()) {
                missing = expected.missing(now);
                if (missing.isEmpty()) {
                    return new ResetReport.Step(
                            target,
                            true,
                            deadline.elapsedMillis(),
                            "lists " + expected.replicas().size() + " replica(s) and "
                                    + expected.peers().size() + " other Sentinel(s)");
                }
            } else {
                missing = now.error() == null ? "does not monitor '" + masterName + "'" : now.error();
            }
            if (!deadline.pauseBeforeNextPoll(POLL_INTERVAL)) {
                break;
            }
        }
        return new ResetReport.Step(
                target,
                false,
                deadline.elapsedMillis(),
                "not recovered within " + timeout.toSeconds() + " s; missing: " + missing
                        + "; the remaining Sentinels were not reset");
    }
}

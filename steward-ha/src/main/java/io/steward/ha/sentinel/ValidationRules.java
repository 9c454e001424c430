package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Judges how a Sentinel deployment is set up, from a {@link Survey}: Sentinel count and hosts, quorum, timings,
 * agreeing settings, authentication, {@code min-replicas-to-write} and the replication backlog. With the
 * {@link StateChecks} (what is happening now) it makes {@code validate}. Every finding names its fix. Pure.
 */
final class ValidationRules {

    /** Fewer Sentinels cannot keep a majority after losing one. */
    static final int MIN_SENTINELS = 3;
    /** Below this, a GC pause or a network blip starts a failover. */
    static final long MIN_DOWN_AFTER_MILLIS = 1000;
    /** Above this, writes fail for too long before Sentinel reacts. */
    static final long MAX_DOWN_AFTER_MILLIS = 60_000;
    /** Below this, a failover that needs a full resync of a large data set is abandoned half-way. */
    static final long MIN_FAILOVER_TIMEOUT_MILLIS = 10_000;
    /** Above this, a stuck failover is retried only after many minutes. */
    static final long MAX_FAILOVER_TIMEOUT_MILLIS = 600_000;

    private final Survey survey;
    private final List<ReplicaView> replicas;
    private final List<StaleEntry> stale;
    private final String name;

    ValidationRules(Survey survey, List<ReplicaView> replicas, List<StaleEntry> stale) {
        this.survey = survey;
        this.replicas = replicas;
        this.stale = stale;
        this.name = survey.masterName();
    }

    /** Every check, the state ones ({@link StateChecks}) first. */
    List<Finding> all() {
        List<Finding> findings = new ArrayList<>(new StateChecks(survey, replicas, stale).all());
        findings.addAll(practiceChecks());
        return findings;
    }

    List<Finding> practiceChecks() {
        List<Finding> f = new ArrayList<>();
        f.add(sentinelCount());
        f.addAll(quorumSize());
        f.add(sentinelHosts());
        f.addAll(timings());
        f.add(settingsAgree());
        f.addAll(sentinelAuth());
        f.add(minReplicasToWrite());
        f.add(backlog());
        return f;
    }

    private Finding sentinelCount() {
        int known = survey.knownSentinels();
        if (known < MIN_SENTINELS) {
            return Finding.error(
                    "sentinel-count",
                    known + " Sentinel(s) monitor '" + name + "'; fewer than " + MIN_SENTINELS
                            + " cannot keep a majority after losing one",
                    "run at least 3 Sentinels (an odd number), each on its own host");
        }
        return Finding.ok("sentinel-count", known + " Sentinels monitor '" + name + "'");
    }

    private List<Finding> quorumSize() {
        int known = survey.knownSentinels();
        int majority = known / 2 + 1;
        List<Finding> f = new ArrayList<>();
        for (SentinelSnapshot s : survey.monitoring()) {
            long quorum = s.masterLong("quorum");
            if (quorum > majority) {
                f.add(Finding.error(
                        "quorum",
                        "quorum " + quorum + " on " + s.endpoint() + " is above the majority " + majority + " of "
                                + known + " Sentinels: losing " + (known - quorum + 1)
                                + " Sentinel(s) makes a failover impossible",
                        "SENTINEL SET " + name + " quorum " + majority + " on every Sentinel"));
            } else if (quorum >= 1 && quorum < 2 && known >= MIN_SENTINELS) {
                f.add(Finding.warning(
                        "quorum",
                        "quorum " + quorum + " on " + s.endpoint() + ": one Sentinel's view marks the master down",
                        "SENTINEL SET " + name + " quorum " + majority + " on every Sentinel"));
            }
        }
        if (f.isEmpty() && !survey.monitoring().isEmpty()) {
            f.add(Finding.ok("quorum", "quorum at most a majority (" + majority + " of " + known + ")"));
        }
        return f;
    }

    private Finding sentinelHosts() {
        Set<String> hosts = survey.sentinels().stream()
                .map(s -> s.endpoint().host())
                .collect(Collectors.toCollection(TreeSet::new));
        boolean local = hosts.stream().allMatch(HostAndPort::isLoopbackHost);
        if (local) {
            return Finding.warning(
                    "sentinel-hosts",
                    "local deployment: every Sentinel runs on this host (" + String.join(", ", hosts)
                            + "); fine for development, but losing the host loses them all",
                    "for production run each Sentinel on its own host ('steward config render' writes their"
                            + " configs)");
        }
        if (hosts.size() == 1) {
            return Finding.error(
                    "sentinel-hosts",
                    "every Sentinel runs on " + hosts.iterator().next() + ": losing that host loses them all",
                    "run each Sentinel on its own host, ideally apart from the data nodes");
        }
        return Finding.ok("sentinel-hosts", "Sentinels on " + hosts.size() + " hosts: " + String.join(", ", hosts));
    }

    private List<Finding> timings() {
        List<Finding> f = new ArrayList<>();
        for (SentinelSnapshot s : survey.monitoring()) {
            long downAfter = s.masterLong("down-after-milliseconds");
            long failoverTimeout = s.masterLong("failover-timeout");
            long parallelSyncs = s.masterLong("parallel-syncs");
            if (downAfter >= 0 && downAfter < MIN_DOWN_AFTER_MILLIS) {
                f.add(Finding.warning(
                        "down-after",
                        "down-after-milliseconds " + downAfter + " on " + s.endpoint()
                                + ": a GC pause or network blip starts a failover",
                        "SENTINEL SET " + name + " down-after-milliseconds 5000 on every Sentinel"));
            } else if (downAfter > MAX_DOWN_AFTER_MILLIS) {
                f.add(Finding.warning(
                        "down-after",
                        "down-after-milliseconds " + downAfter + " on " + s.endpoint()
                                + ": writes fail that long before Sentinel reacts",
                        "SENTINEL SET " + name + " down-after-milliseconds 5000 on every Sentinel"));
            }
            if (failoverTimeout >= 0 && failoverTimeout < MIN_FAILOVER_TIMEOUT_MILLIS) {
                f.add(Finding.warning(
                        "failover-timeout",
                        "failover-timeout " + failoverTimeout + " on " + s.endpoint()
                                + ": a failover needing a full resync is abandoned",
                        "SENTINEL SET " + name + " failover-timeout 60000 on every Sentinel"));
            } else if (failoverTimeout > MAX_FAILOVER_TIMEOUT_MILLIS) {
                f.add(Finding.warning(
                        "failover-timeout",
                        "failover-timeout " + failoverTimeout + " on " + s.endpoint()
                                + ": a stuck failover is retried only after that long",
                        "SENTINEL SET " + name + " failover-timeout 60000 on every Sentinel"));
            }
            if (replicas.size() > 1 && parallelSyncs >= replicas.size()) {
                f.add(Finding.warning(
                        "parallel-syncs",
                        "parallel-syncs " + parallelSyncs + " on " + s.endpoint() + " with " + replicas.size()
                                + " replicas: after a failover every replica resyncs at once and none serves reads",
                        "SENTINEL SET " + name + " parallel-syncs 1 on every Sentinel"));
            }
        }
        if (f.isEmpty() && !survey.monitoring().isEmpty()) {
            SentinelSnapshot s = survey.monitoring().get(0);
            f.add(Finding.ok(
                    "timings",
                    "down-after-milliseconds " + s.masterLong("down-after-milliseconds") + ", failover-timeout "
                            + s.masterLong("failover-timeout") + ", parallel-syncs "
                            + s.masterLong("parallel-syncs")));
        }
        return f;
    }

    private Finding settingsAgree() {
        List<String> differing = new ArrayList<>();
        for (String field : List.of("quorum", "down-after-milliseconds", "failover-timeout", "parallel-syncs")) {
            Map<String, List<String>> values = new TreeMap<>();
            for (SentinelSnapshot s : survey.monitoring()) {
                values.computeIfAbsent(s.master().getOrDefault(field, "?"), k -> new ArrayList<>())
                        .add(s.endpoint().toString());
            }
            if (values.size() > 1) {
                differing.add(field + " ("
                        + values.entrySet().stream()
                                .map(e -> e.getKey() + " on " + String.join(", ", e.getValue()))
                                .collect(Collectors.joining("; "))
                        + ")");
            }
        }
        if (differing.isEmpty()) {
            return Finding.ok("settings-agree", "every Sentinel has the same settings for '" + name + "'");
        }
        return Finding.warning(
                "settings-agree",
                "Sentinels differ in " + String.join(", ", differing),
                "SENTINEL SET " + name + " <field> <value> on the Sentinels that differ");
    }

    /**
     * A Sentinel that alone sees the master down (or has not had a good PING reply for longer than
     * down-after) while others see it up cannot talk to it: almost always a wrong {@code auth-pass} or
     * {@code auth-user} on that Sentinel, otherwise a network problem between the two.
     */
    private List<Finding> sentinelAuth() {
        List<SentinelSnapshot> monitoring = survey.monitoring();
        List<SentinelSnapshot> blind =
                monitoring.stream().filter(ValidationRules::cannotReachMaster).toList();
        if (blind.isEmpty() || blind.size() == monitoring.size()) {
            return List.of(Finding.ok(
                    "sentinel-auth",
                    blind.isEmpty()
                            ? "every Sentinel reaches and authenticates to the master"
                            : "no Sentinel reaches the master (see master-status)"));
        }
        return blind.stream()
                .map(s -> Finding.error(
                        "sentinel-auth",
                        "Sentinel " + s.endpoint() + " sees the master " + s.masterAddress() + " as "
                                + s.master().getOrDefault("flags", "?") + " (last good PING "
                                + s.masterLong("last-ok-ping-reply") + " ms ago) while "
                                + (monitoring.size() - blind.size())
                                + " other(s) see it up: its auth-pass or auth-user for the master is wrong, or it"
                                + " cannot reach the master",
                        "on " + s.endpoint() + ": SENTINEL SET " + name + " auth-user <user> auth-pass <password>"
                                + " with the same credentials as the other Sentinels (the sentinel user's password"
                                + " file), then check the network from it to the master"))
                .toList();
    }

    private static boolean cannotReachMaster(SentinelSnapshot s) {
        long downAfter = s.masterLong("down-after-milliseconds");
        long lastOk = s.masterLong("last-ok-ping-reply");
        return s.seesMasterDown() || downAfter > 0 && lastOk > downAfter;
    }

    private Finding minReplicasToWrite() {
        long value = survey.minReplicasToWrite();
        if (value < 0) {
            return Finding.ok(
                    "min-replicas-to-write",
                    "not checked: the master's min-replicas-to-write could not be read (CONFIG GET needs the admin"
                            + " user)");
        }
        if (value == 0) {
            return Finding.warning(
                    "min-replicas-to-write",
                    "min-replicas-to-write is 0 on the master " + survey.master()
                            + ": cut off from its replicas it keeps accepting writes that a failover then discards",
                    "CONFIG SET min-replicas-to-write 1 and CONFIG SET min-replicas-max-lag 10 on every data node"
                            + " (with at least 2 replicas), then CONFIG REWRITE");
        }
        return Finding.ok("min-replicas-to-write", "min-replicas-to-write " + value + " on the master");
    }

    private Finding backlog() {
        if (survey.masterInfo() == null || survey.writeBytesPerSec() < 0) {
            return Finding.ok("repl-backlog", "not checked: the master's write rate could not be measured");
        }
        long backlog =
                survey.masterInfo().getLong("replication", "repl_backlog_size").orElse(-1);
        long downAfter = survey.monitoring().stream()
                .mapToLong(s -> s.masterLong("down-after-milliseconds"))
                .max()
                .orElse(-1);
        if (backlog < 0 || downAfter < 0) {
            return Finding.ok("repl-backlog", "not checked: backlog size or down-after unknown");
        }
        double rate = survey.writeBytesPerSec();
        long needed = (long) Math.ceil(rate * downAfter / 1000.0);
        String figures = String.format(
                "repl-backlog-size %d bytes; writes %.0f bytes/s x down-after %d ms = %d bytes",
                backlog, rate, downAfter, needed);
        if (backlog < needed) {
            long suggested = Math.max(needed * 2, 1L << 20);
            return Finding.warning(
                    "repl-backlog",
                    figures + ": a replica cut off that long needs a full resync instead of a partial one",
                    "CONFIG SET repl-backlog-size " + suggested + " on every data node, then CONFIG REWRITE");
        }
        return Finding.ok("repl-backlog", figures);
    }
}

package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import io.steward.ops.info.SentinelVotes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Judges a {@link Survey} against safe Sentinel practice. {@link #stateChecks()} judge what is happening now
 * (reachability, agreement, quorum, replicas, stale entries) and are what {@code status} reports;
 * {@link #practiceChecks()} judge how the deployment is set up. Every finding names its fix. Pure.
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
    /** A replica that has not acknowledged for longer is behind (the hardened {@code min-replicas-max-lag}). */
    static final long MAX_REPLICA_LAG_SECONDS = 10;

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

    /** Every check, state first. */
    List<Finding> all() {
        List<Finding> findings = new ArrayList<>(stateChecks());
        findings.addAll(practiceChecks());
        return findings;
    }

    List<Finding> stateChecks() {
        List<Finding> f = new ArrayList<>();
        f.addAll(reachability());
        f.addAll(monitoring());
        f.add(agreement());
        f.addAll(quorumCheck());
        f.addAll(tilt());
        f.add(masterStatus());
        f.addAll(replicaSync());
        f.addAll(staleEntries());
        return f;
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

    // ---- state ----

    private List<Finding> reachability() {
        List<Finding> f = new ArrayList<>();
        for (SentinelSnapshot s : survey.sentinels()) {
            if (!s.isReachable()) {
                f.add(Finding.warning(
                        "sentinel-reachable",
                        "Sentinel " + s.endpoint() + " cannot be reached: " + s.error(),
                        "start it or correct its address in topology.sentinels; a failover needs a majority of"
                                + " the Sentinels"));
            }
        }
        if (f.isEmpty()) {
            f.add(Finding.ok(
                    "sentinel-reachable", "all " + survey.sentinels().size() + " configured Sentinels answer"));
        }
        return f;
    }

    private List<Finding> monitoring() {
        List<Finding> f = new ArrayList<>();
        for (SentinelSnapshot s : survey.sentinels()) {
            if (s.isReachable() && !s.isMonitoring()) {
                f.add(Finding.error(
                        "sentinel-monitors",
                        "Sentinel " + s.endpoint() + " does not monitor '" + name + "'"
                                + (s.error() == null ? "" : ": " + s.error()),
                        "on " + s.endpoint() + ": SENTINEL MONITOR " + name + " " + hostPort(survey.master())
                                + " <quorum>, then SENTINEL SET " + name
                                + " auth-user/auth-pass as on the others; or correct topology.master-name"));
            }
        }
        return f;
    }

    private Finding agreement() {
        Map<String, List<String>> byMaster = new TreeMap<>();
        for (SentinelSnapshot s : survey.monitoring()) {
            byMaster.computeIfAbsent(s.masterAddress().toString(), k -> new ArrayList<>())
                    .add(s.endpoint().toString());
        }
        if (byMaster.isEmpty()) {
            return Finding.error(
                    "master-agreement",
                    "no Sentinel names a master for '" + name + "'",
                    "check topology.master-name and that the Sentinels monitor the master");
        }
        if (byMaster.size() > 1) {
            return Finding.error(
                    "master-agreement",
                    "Sentinels disagree on the master: "
                            + byMaster.entrySet().stream()
                                    .map(e -> e.getKey() + " per " + String.join(", ", e.getValue()))
                                    .collect(Collectors.joining("; ")),
                    "wait for a failover in progress to finish; if it persists, check the network between the"
                            + " Sentinels and run 'steward sentinel reset --confirm'");
        }
        if (survey.master() == null) {
            int configured = survey.sentinels().size();
            return Finding.error(
                    "master-agreement",
                    "only " + survey.monitoring().size() + " of " + configured + " Sentinels name the master "
                            + byMaster.keySet().iterator().next() + "; a majority of "
                            + SentinelVotes.needed(configured) + " is needed to fail over",
                    "start the missing Sentinels or make them monitor '" + name + "' (see sentinel-reachable and"
                            + " sentinel-monitors)");
        }
        return Finding.ok(
                "master-agreement",
                survey.monitoring().size() + " Sentinel(s) agree the master is "
                        + byMaster.keySet().iterator().next());
    }

    private List<Finding> quorumCheck() {
        List<Finding> f = new ArrayList<>();
        for (SentinelSnapshot s : survey.monitoring()) {
            if (!s.quorumOk()) {
                f.add(Finding.error(
                        "ckquorum",
                        "CKQUORUM fails on " + s.endpoint() + ": " + s.quorumReply(),
                        "bring enough Sentinels back (or lower the quorum to at most a majority) so that a"
                                + " failover can be authorized"));
            }
        }
        if (f.isEmpty() && !survey.monitoring().isEmpty()) {
            f.add(Finding.ok("ckquorum", "CKQUORUM passes on every Sentinel"));
        }
        return f;
    }

    private List<Finding> tilt() {
        return survey.sentinels().stream()
                .filter(s -> s.isReachable() && s.info().sentinelTilt().orElse(false))
                .map(s -> Finding.warning(
                        "tilt",
                        "Sentinel " + s.endpoint() + " is in TILT mode and takes no action",
                        "check that host for load, long pauses or clock jumps; TILT ends 30 s after the clock is"
                                + " steady"))
                .toList();
    }

    private Finding masterStatus() {
        if (survey.master() == null) {
            return Finding.error("master-status", "no master to check", "make the Sentinels monitor '" + name + "'");
        }
        if (survey.masterError() != null) {
            return Finding.error(
                    "master-status",
                    "the master " + survey.master() + " cannot be read: " + survey.masterError(),
                    "check that it runs and that auth in steward.yaml is accepted by it");
        }
        if (!survey.masterInfo().isMaster()) {
            return Finding.error(
                    "master-status",
                    survey.master() + " is named master by the Sentinels but reports role "
                            + survey.masterInfo().role().orElse("unknown"),
                    "wait for the failover in progress to finish, then run validate again");
        }
        List<SentinelSnapshot> monitoring = survey.monitoring();
        if (!monitoring.isEmpty() && monitoring.stream().allMatch(SentinelSnapshot::seesMasterDown)) {
            return Finding.error(
                    "master-status",
                    "every Sentinel reports the master " + survey.master() + " as down",
                    "check the master's process and the network between it and the Sentinels");
        }
        return Finding.ok("master-status", "the master " + survey.master() + " answers and reports the master role");
    }

    private List<Finding> replicaSync() {
        List<Finding> f = new ArrayList<>();
        List<ReplicaView> listening = replicas;
        if (listening.isEmpty()) {
            f.add(Finding.error(
                    "replica-sync",
                    "'" + name + "' has no replica: a failover has nothing to promote",
                    "start a replica (replicaof " + hostPort(survey.master()) + ")"));
            return f;
        }
        for (ReplicaView r : listening) {
            if (!r.connected()) {
                if (stale.stream().anyMatch(s -> s.address().equals(r.address()))) {
                    continue; // reported as a stale entry, which has its own fix
                }
                f.add(Finding.error(
                        "replica-sync",
                        "replica " + r.address() + " is not connected: master state " + r.state()
                                + (r.flags().isEmpty() ? "" : ", Sentinel flags " + r.flags()),
                        "check that the replica runs and can reach and authenticate to the master (masteruser,"
                                + " masterauth)"));
            } else if (r.lagSeconds() > MAX_REPLICA_LAG_SECONDS) {
                f.add(Finding.warning(
                        "replica-sync",
                        "replica " + r.address() + " last acknowledged " + r.lagSeconds() + " s ago ("
                                + r.offsetLagBytes() + " bytes behind)",
                        "check the replica's load and network; a failover to it would lose those writes"));
            }
        }
        if (f.isEmpty()) {
            f.add(Finding.ok(
                    "replica-sync",
                    listening.stream().filter(ReplicaView::connected).count() + " replica(s) connected and in sync"));
        }
        return f;
    }

    private List<Finding> staleEntries() {
        Map<String, List<StaleEntry>> byAddress = new LinkedHashMap<>();
        stale.forEach(s ->
                byAddress.computeIfAbsent(s.address(), k -> new ArrayList<>()).add(s));
        return byAddress.entrySet().stream()
                .map(e -> Finding.warning(
                        "stale-entries",
                        "replica entry " + e.getKey() + " listed by "
                                + e.getValue().stream()
                                        .map(s -> s.sentinel().toString())
                                        .collect(Collectors.joining(", "))
                                + " is stale: " + e.getValue().get(0).reason(),
                        "steward sentinel reset --confirm (resets those Sentinels one at a time)"))
                .toList();
    }

    // ---- practice ----

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

    private static String hostPort(HostAndPort endpoint) {
        return endpoint == null ? "<host> <port>" : endpoint.host() + " " + endpoint.port();
    }
}

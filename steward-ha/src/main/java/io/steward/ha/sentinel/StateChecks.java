package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import io.steward.ops.info.SentinelVotes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Judges what a Sentinel deployment is doing now, from a {@link Survey}: reachability, monitoring, agreement on
 * the master, CKQUORUM, TILT, the master, replica sync and stale entries. These are the findings {@code status}
 * reports and the first ones {@code validate} reports. Every finding names its fix. Pure.
 */
final class StateChecks {

    /** A replica that has not acknowledged for longer is behind (the hardened {@code min-replicas-max-lag}). */
    static final long MAX_REPLICA_LAG_SECONDS = 10;

    private final Survey survey;
    private final List<ReplicaView> replicas;
    private final List<StaleEntry> stale;
    private final String name;

    StateChecks(Survey survey, List<ReplicaView> replicas, List<StaleEntry> stale) {
        this.survey = survey;
        this.replicas = replicas;
        this.stale = stale;
        this.name = survey.masterName();
    }

    List<Finding> all() {
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
                        "start the replica (a node Sentinel knows rejoins as a replica of the current master) and"
                                + " check that it can reach and authenticate to the master (masteruser, masterauth);"
                                + " only if the node is gone for good: steward sentinel reset --forget-down --confirm"
                                + " (never while it may come back: a node the Sentinels forgot returns as a second"
                                + " master)"));
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

    private static String hostPort(HostAndPort endpoint) {
        return endpoint == null ? "<host> <port>" : endpoint.host() + " " + endpoint.port();
    }
}

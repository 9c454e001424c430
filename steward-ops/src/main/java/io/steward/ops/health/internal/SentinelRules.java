package io.steward.ops.health.internal;

import static io.steward.ops.health.Severity.CRITICAL;
import static io.steward.ops.health.Severity.OK;
import static io.steward.ops.health.Severity.WARN;

import io.steward.HostAndPort;
import io.steward.ops.config.Thresholds;
import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.info.SentinelVotes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Judges the Sentinels of one master. Per Sentinel: reachable, monitors the master, quorum, TILT.
 * Across Sentinels: they agree on the master, there are enough of them, the master is not down and
 * has a replica to fail over to. Pure.
 *
 * <p>An unreachable Sentinel is a warning, not critical: with the others still reaching quorum the
 * deployment can fail over; CKQUORUM from the remaining Sentinels says when it cannot.
 */
final class SentinelRules {

    private final Thresholds t;
    private final String masterName;

    SentinelRules(Thresholds thresholds, String masterName) {
        this.t = thresholds;
        this.masterName = masterName;
    }

    List<HealthCheck> evaluate(List<SentinelObservation> sentinels) {
        List<HealthCheck> result = new ArrayList<>();
        for (SentinelObservation s : sentinels) {
            result.addAll(perSentinel(s));
        }
        result.addAll(acrossSentinels(sentinels));
        return result;
    }

    private List<HealthCheck> perSentinel(SentinelObservation s) {
        Checks checks = new Checks(Component.SENTINEL, s.endpoint().toString());
        if (!s.isReachable()) {
            return List.of(checks.check(
                    "ping", WARN, "unreachable: " + s.failure() + "; failover needs a majority of Sentinels"));
        }
        List<HealthCheck> result = new ArrayList<>();
        result.add(checks.check("ping", OK, "reachable"));
        if (!s.monitorsMaster()) {
            result.add(checks.check(
                    "monitors-master",
                    CRITICAL,
                    "does not monitor master '" + masterName + "'; run SENTINEL MONITOR or check topology.master-name",
                    "master_name",
                    masterName));
            return result;
        }
        result.add(checks.check(
                "monitors-master",
                OK,
                "monitors '" + masterName + "' at " + s.masterAddress(),
                "master_name",
                masterName,
                "master",
                s.masterAddress().toString()));
        result.add(
                s.quorumOk()
                        ? checks.check("ckquorum", OK, s.quorumReply(), "reply", s.quorumReply())
                        : checks.check(
                                "ckquorum",
                                CRITICAL,
                                "CKQUORUM failed: " + s.quorumReply()
                                        + "; failover is impossible until enough Sentinels are reachable",
                                "reply",
                                s.quorumReply()));
        boolean tilt = s.info().sentinelTilt().orElse(false);
        result.add(
                tilt
                        ? checks.check(
                                "tilt",
                                WARN,
                                "in TILT mode: it distrusts its clock and takes no action; check for"
                                        + " system load or clock jumps",
                                "tilt",
                                true)
                        : checks.check("tilt", OK, "not in TILT mode", "tilt", false));
        return result;
    }

    private List<HealthCheck> acrossSentinels(List<SentinelObservation> sentinels) {
        Checks checks = new Checks(Component.SENTINEL, masterName);
        List<SentinelObservation> reached =
                sentinels.stream().filter(SentinelObservation::isReachable).toList();
        List<HealthCheck> result = new ArrayList<>();
        if (reached.isEmpty()) {
            result.add(checks.check(
                    "sentinels",
                    CRITICAL,
                    "no Sentinel reachable: failover is impossible",
                    "configured",
                    (long) sentinels.size(),
                    "reachable",
                    0L));
            return result;
        }
        List<SentinelObservation> monitoring =
                reached.stream().filter(SentinelObservation::monitorsMaster).toList();
        Map<String, List<String>> byMaster = new TreeMap<>();
        for (SentinelObservation s : monitoring) {
            byMaster.computeIfAbsent(s.masterAddress().toString(), k -> new ArrayList<>())
                    .add(s.endpoint().toString());
        }
        if (byMaster.size() > 1) {
            String views = byMaster.entrySet().stream()
                    .map(e -> e.getKey() + " per " + String.join(", ", e.getValue()))
                    .collect(Collectors.joining("; "));
            result.add(checks.check(
                    "master-agreement",
                    CRITICAL,
                    "Sentinels disagree on the master: " + views
                            + "; a failover may be in progress or the Sentinels are partitioned",
                    "masters",
                    (long) byMaster.size()));
        } else if (byMaster.size() == 1) {
            result.add(checks.check(
                    "master-agreement",
                    OK,
                    monitoring.size() + " Sentinel(s) agree the master is "
                            + byMaster.keySet().iterator().next(),
                    "master",
                    byMaster.keySet().iterator().next()));
        }
        int known = Math.max(
                sentinels.size(),
                reached.stream().mapToInt(s -> s.otherSentinels() + 1).max().orElse(0));
        result.add(
                known < t.sentinelsMin()
                        ? checks.check(
                                "sentinels",
                                WARN,
                                known + " Sentinel(s), fewer than " + t.sentinelsMin()
                                        + "; run at least three on separate hosts so a majority survives one loss",
                                "known",
                                (long) known,
                                "reachable",
                                (long) reached.size())
                        : checks.check(
                                "sentinels",
                                OK,
                                known + " Sentinels, " + reached.size() + " reachable",
                                "known",
                                (long) known,
                                "reachable",
                                (long) reached.size()));
        monitoring.stream().filter(s -> !s.masterFlags().isEmpty()).findFirst().ifPresent(s -> {
            List<String> flags = Arrays.asList(s.masterFlags().split(","));
            boolean down = flags.contains("s_down") || flags.contains("o_down");
            result.add(
                    down
                            ? checks.check(
                                    "master-status",
                                    CRITICAL,
                                    "Sentinel " + s.endpoint() + " reports the master " + s.masterAddress() + " as "
                                            + s.masterFlags(),
                                    "flags",
                                    s.masterFlags())
                            : checks.check(
                                    "master-status",
                                    OK,
                                    "master " + s.masterAddress() + " is up",
                                    "flags",
                                    s.masterFlags()));
        });
        int replicas = monitoring.stream()
                .mapToInt(SentinelObservation::replicas)
                .max()
                .orElse(-1);
        if (replicas == 0) {
            result.add(checks.check(
                    "failover-target",
                    WARN,
                    "Sentinels know no replica of '" + masterName + "': a failover has nothing to promote",
                    "replicas",
                    0L));
        } else if (replicas > 0) {
            result.add(checks.check(
                    "failover-target", OK, replicas + " replica(s) can be promoted", "replicas", (long) replicas));
        }
        return result;
    }

    /**
     * The master a strict majority of the configured Sentinels report ({@link SentinelVotes}), for choosing which
     * node is the master; {@code null} without one.
     */
    static HostAndPort majorityMaster(List<SentinelObservation> sentinels) {
        return SentinelVotes.majority(sentinels, s -> s.isReachable() ? s.masterAddress() : null);
    }
}

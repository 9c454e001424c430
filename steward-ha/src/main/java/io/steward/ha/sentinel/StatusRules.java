package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import io.steward.ops.info.ReplicaInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a {@link Survey} into the views of {@link SentinelStatus}. Pure. */
final class StatusRules {

    static final String REPLICATION_CLIENT = "port 0: a replication client (a backup, redis-cli --replica) that"
            + " Sentinel picked up from the master's INFO; nothing can fail over to it";

    private StatusRules() {}

    static SentinelStatus status(Survey survey) {
        List<ReplicaView> replicas = replicas(survey);
        List<StaleEntry> stale = stale(survey, false);
        List<Finding> findings = new StateChecks(survey, replicas, stale)
                .all().stream()
                        .filter(f -> f.severity() != Finding.Severity.INFO)
                        .toList();
        return new SentinelStatus(
                survey.at(),
                survey.masterName(),
                survey.master(),
                agreed(survey),
                views(survey),
                replicas,
                stale,
                findings);
    }

    /** Whether every configured Sentinel answered, monitors the master and names the same one. */
    static boolean agreed(Survey survey) {
        return !survey.sentinels().isEmpty()
                && survey.sentinels().stream()
                        .allMatch(s -> s.isMonitoring() && s.masterAddress().equals(survey.master()));
    }

    static List<SentinelView> views(Survey survey) {
        return survey.sentinels().stream()
                .map(s -> view(s, survey.masterName()))
                .toList();
    }

    private static SentinelView view(SentinelSnapshot s, String masterName) {
        if (!s.isMonitoring()) {
            String error = s.error() != null ? s.error() : "does not monitor master '" + masterName + "'";
            boolean tilt = s.isReachable() && s.info().sentinelTilt().orElse(false);
            return new SentinelView(s.endpoint(), error, null, -1, "", tilt, -1, -1, -1, false, s.quorumReply());
        }
        return new SentinelView(
                s.endpoint(),
                null,
                s.masterAddress(),
                s.masterLong("config-epoch"),
                s.master().getOrDefault("flags", ""),
                s.info().sentinelTilt().orElse(false),
                s.masterLong("last-ok-ping-reply"),
                (int) s.masterLong("quorum"),
                s.sentinels().size() + 1,
                s.quorumOk(),
                s.quorumReply());
    }

    /**
     * The replicas: those the master's INFO lists, then those only Sentinels list (leaving out port-0 entries,
     * which {@link #stale} reports).
     */
    static List<ReplicaView> replicas(Survey survey) {
        Map<String, ReplicaInfo> fromMaster = survey.masterReplicas();
        Map<String, List<Map.Entry<HostAndPort, Map<String, String>>>> fromSentinels = new LinkedHashMap<>();
        for (SentinelSnapshot s : survey.monitoring()) {
            for (Map<String, String> entry : s.replicas()) {
                if (ReplicaInfo.isListening(entry)) {
                    fromSentinels
                            .computeIfAbsent(SentinelSnapshot.address(entry), k -> new ArrayList<>())
                            .add(Map.entry(s.endpoint(), entry));
                }
            }
        }
        Set<String> addresses = new LinkedHashSet<>(fromMaster.keySet());
        addresses.addAll(fromSentinels.keySet());
        long masterOffset = survey.masterInfo() == null
                ? -1
                : survey.masterInfo().masterReplOffset().orElse(-1);
        List<ReplicaView> views = new ArrayList<>();
        for (String address : addresses) {
            views.add(replica(
                    address,
                    survey.masterInfo() == null ? null : fromMaster.get(address),
                    survey.masterInfo() != null,
                    masterOffset,
                    fromSentinels.getOrDefault(address, List.of())));
        }
        return views;
    }

    private static ReplicaView replica(
            String address,
            ReplicaInfo fromMaster,
            boolean masterRead,
            long masterOffset,
            List<Map.Entry<HostAndPort, Map<String, String>>> listings) {
        String state = !masterRead ? "unknown" : fromMaster == null ? "absent" : fromMaster.state();
        long down = listings.stream().filter(l -> isDown(l.getValue())).count();
        boolean downPerSentinels = down * 2 > listings.size();
        boolean connected = masterRead
                ? fromMaster != null && fromMaster.isOnline() && !downPerSentinels
                : !listings.isEmpty() && !downPerSentinels;
        Map<String, String> first =
                listings.isEmpty() ? Map.of() : listings.get(0).getValue();
        long priority = SentinelSnapshot.longField(first, "slave-priority");
        if (priority < 0) {
            priority = SentinelSnapshot.longField(first, "replica-priority");
        }
        return new ReplicaView(
                address,
                state,
                first.getOrDefault("master-link-status", ""),
                first.getOrDefault("flags", ""),
                fromMaster != null && masterOffset >= 0 ? Math.max(0, masterOffset - fromMaster.offset()) : -1,
                fromMaster != null ? fromMaster.lag() : -1,
                (int) priority,
                listings.stream().map(Map.Entry::getKey).toList(),
                connected);
    }

    /**
     * Entries nothing can fail over to: port-0 replication clients (a backup or {@code redis-cli --replica}),
     * and with {@code includeDown} also replicas that are down and no longer replicating from the master.
     * A down replica is not stale by default: it may be a node that is only stopped, and a node the
     * Sentinels forgot comes back as a master that nobody demotes.
     */
    static List<StaleEntry> stale(Survey survey, boolean includeDown) {
        Map<String, ReplicaInfo> fromMaster = survey.masterReplicas();
        List<StaleEntry> stale = new ArrayList<>();
        for (SentinelSnapshot s : survey.monitoring()) {
            for (Map<String, String> entry : s.replicas()) {
                String address = SentinelSnapshot.address(entry);
                if (!ReplicaInfo.isListening(entry)) {
                    stale.add(new StaleEntry(s.endpoint(), address, REPLICATION_CLIENT));
                } else if (includeDown
                        && survey.masterInfo() != null
                        && !fromMaster.containsKey(address)
                        && isDown(entry)) {
                    stale.add(new StaleEntry(
                            s.endpoint(),
                            address,
                            "down (" + entry.getOrDefault("flags", "") + ") and not replicating from the master "
                                    + survey.master() + "; forgotten on request (--forget-down)"));
                }
            }
        }
        return stale;
    }

    static boolean isDown(Map<String, String> entry) {
        Set<String> flags = SentinelSnapshot.flags(entry);
        return flags.contains("s_down") || flags.contains("o_down") || flags.contains("disconnected");
    }
}

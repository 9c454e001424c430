package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import io.steward.ops.info.InfoSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one Sentinel answered about the monitored master, as read; {@link StatusRules} and
 * {@link ValidationRules} judge it.
 *
 * @param endpoint      the Sentinel
 * @param error         why it could not be read, or {@code null}
 * @param info          its {@code INFO}; {@code null} when unreachable
 * @param master        its {@code SENTINEL MASTER} fields; empty when it does not monitor the master
 * @param masterAddress its {@code GET-MASTER-ADDR-BY-NAME}; {@code null} when it does not monitor the master
 * @param replicas      its {@code SENTINEL REPLICAS} entries, port-0 ones included
 * @param sentinels     its {@code SENTINEL SENTINELS} entries (the others)
 * @param quorumOk      whether {@code SENTINEL CKQUORUM} passed
 * @param quorumReply   the {@code CKQUORUM} reply or error
 */
record SentinelSnapshot(
        HostAndPort endpoint,
        String error,
        InfoSnapshot info,
        Map<String, String> master,
        HostAndPort masterAddress,
        List<Map<String, String>> replicas,
        List<Map<String, String>> sentinels,
        boolean quorumOk,
        String quorumReply) {

    SentinelSnapshot {
        Objects.requireNonNull(endpoint, "endpoint");
        master = Map.copyOf(master);
        replicas = replicas.stream().map(Map::copyOf).toList();
        sentinels = sentinels.stream().map(Map::copyOf).toList();
        quorumReply = quorumReply == null ? "" : quorumReply;
    }

    static SentinelSnapshot unreachable(HostAndPort endpoint, String error) {
        return new SentinelSnapshot(endpoint, error, null, Map.of(), null, List.of(), List.of(), false, "");
    }

    boolean isReachable() {
        return info != null;
    }

    boolean isMonitoring() {
        return error == null && masterAddress != null;
    }

    /** The master's flags, such as {@code s_down} and {@code master}. */
    Set<String> masterFlags() {
        return flags(master);
    }

    boolean seesMasterDown() {
        Set<String> flags = masterFlags();
        return flags.contains("s_down") || flags.contains("o_down") || flags.contains("disconnected");
    }

    long masterLong(String field) {
        return longField(master, field);
    }

    static Set<String> flags(Map<String, String> entry) {
        String flags = entry.getOrDefault("flags", "");
        return flags.isEmpty() ? Set.of() : Arrays.stream(flags.split(",")).collect(Collectors.toSet());
    }

    static long longField(Map<String, String> entry, String field) {
        try {
            return Long.parseLong(entry.getOrDefault(field, "-1").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code ip:port} of an entry of {@code SENTINEL REPLICAS} or {@code SENTINEL SENTINELS}. */
    static String address(Map<String, String> entry) {
        return entry.getOrDefault("ip", "?") + ":" + entry.getOrDefault("port", "0");
    }
}

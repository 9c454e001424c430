package io.steward.ops.info;

import io.steward.HostAndPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One line of {@code CLUSTER NODES}:
 * {@code <id> <ip:port@cport[,hostname]> <flags> <master> <ping-sent> <pong-recv> <epoch> <link> <slot>...}.
 *
 * @param id        the node id
 * @param endpoint  the client endpoint, or {@code null} for a node without an address ({@code :0})
 * @param flags     {@code myself}, {@code master}, {@code slave}, {@code fail?}, {@code fail}, {@code noaddr}, ...
 * @param masterId  for a replica, its master's id; otherwise {@code null}
 * @param connected whether the cluster bus link is {@code connected}
 * @param slots     how many hash slots the node serves
 */
public record ClusterNode(
        String id, HostAndPort endpoint, Set<String> flags, String masterId, boolean connected, int slots) {

    public ClusterNode {
        flags = Set.copyOf(flags);
    }

    public boolean isMaster() {
        return flags.contains("master");
    }

    public boolean isFailing() {
        return flags.contains("fail") || flags.contains("fail?");
    }

    /** Parses a {@code CLUSTER NODES} reply; lines that do not parse are skipped. */
    public static List<ClusterNode> parse(String clusterNodes) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (String line : clusterNodes.split("\r?\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            nodes.add(new ClusterNode(
                    f[0],
                    endpoint(f[1]),
                    Set.of(f[2].split(",")),
                    "-".equals(f[3]) ? null : f[3],
                    "connected".equals(f[7]),
                    slots(f)));
        }
        return nodes;
    }

    private static HostAndPort endpoint(String address) {
        String hostPort = address.split("[@,]")[0];
        try {
            return HostAndPort.parse(hostPort);
        } catch (IllegalArgumentException e) {
            return null; // ":0" for a node whose address is not known yet
        }
    }

    private static int slots(String[] fields) {
        int count = 0;
        for (int i = 8; i < fields.length; i++) {
            String slot = fields[i];
            if (slot.startsWith("[")) {
                continue; // a slot being imported or migrated, still owned by its current node
            }
            int dash = slot.indexOf('-');
            try {
                count += dash < 0
                        ? 1
                        : Integer.parseInt(slot.substring(dash + 1)) - Integer.parseInt(slot.substring(0, dash)) + 1;
            } catch (NumberFormatException e) {
                // not a slot range; ignore
            }
        }
        return count;
    }
}

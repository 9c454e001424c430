package io.steward.ops.info;

import io.steward.HostAndPort;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
 * @param slotSet   the hash slots the node serves (a copy; 0..16383)
 * @param migrating slots this node is migrating away, by slot, to the id of the node importing them;
 *                  only the {@code myself} line of a reply shows them
 * @param importing slots this node is importing, by slot, from the id of the node migrating them;
 *                  only the {@code myself} line of a reply shows them
 */
public record ClusterNode(
        String id,
        HostAndPort endpoint,
        Set<String> flags,
        String masterId,
        boolean connected,
        int slots,
        BitSet slotSet,
        Map<Integer, String> migrating,
        Map<Integer, String> importing) {

    /** The number of hash slots of a Redis Cluster. */
    public static final int SLOT_COUNT = 16384;

    public ClusterNode {
        flags = Set.copyOf(flags);
        slotSet = (BitSet) slotSet.clone();
        migrating = Map.copyOf(migrating);
        importing = Map.copyOf(importing);
    }

    @Override
    public BitSet slotSet() {
        return (BitSet) slotSet.clone();
    }

    /** Whether this node serves {@code slot}. */
    public boolean owns(int slot) {
        return slotSet.get(slot);
    }

    public boolean isMaster() {
        return flags.contains("master");
    }

    /** Whether this is the line of the node that answered ({@code myself}). */
    public boolean isMyself() {
        return flags.contains("myself");
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
            BitSet owned = new BitSet(SLOT_COUNT);
            Map<Integer, String> migrating = new TreeMap<>();
            Map<Integer, String> importing = new TreeMap<>();
            for (int i = 8; i < f.length; i++) {
                readSlot(f[i], owned, migrating, importing);
            }
            nodes.add(new ClusterNode(
                    f[0],
                    endpoint(f[1]),
                    Set.of(f[2].split(",")),
                    "-".equals(f[3]) ? null : f[3],
                    "connected".equals(f[7]),
                    owned.cardinality(),
                    owned,
                    migrating,
                    importing));
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

    /**
     * One slot field: {@code 5}, {@code 0-5460}, or an open slot {@code [5->-id]} (migrating to id)
     * or {@code [5-<-id]} (importing from id), which the node still owns or does not own yet.
     */
    private static void readSlot(
            String field, BitSet owned, Map<Integer, String> migrating, Map<Integer, String> importing) {
        try {
            if (field.startsWith("[") && field.endsWith("]")) {
                String body = field.substring(1, field.length() - 1);
                int migratingAt = body.indexOf("->-");
                int importingAt = body.indexOf("-<-");
                if (migratingAt > 0) {
                    migrating.put(Integer.parseInt(body.substring(0, migratingAt)), body.substring(migratingAt + 3));
                } else if (importingAt > 0) {
                    importing.put(Integer.parseInt(body.substring(0, importingAt)), body.substring(importingAt + 3));
                }
                return;
            }
            int dash = field.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? field : field.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(field.substring(dash + 1));
            if (first >= 0 && last < SLOT_COUNT && first <= last) {
                owned.set(first, last + 1);
            }
        } catch (NumberFormatException e) {
            // not a slot field; ignore
        }
    }
}

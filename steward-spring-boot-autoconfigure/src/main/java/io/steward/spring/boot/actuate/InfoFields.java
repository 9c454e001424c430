package io.steward.spring.boot.actuate;

import io.steward.HostAndPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code field:value} lines of {@code INFO} and {@code CLUSTER INFO} replies. */
final class InfoFields {

    private InfoFields() {}

    static Map<String, String> parse(String reply) {
        Map<String, String> fields = new HashMap<>();
        if (reply == null) {
            return fields;
        }
        for (String line : reply.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    static int intOf(Map<String, String> fields, String name, int fallback) {
        try {
            String value = fields.get(name);
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The replicas a master lists as {@code slaveN:ip=...,port=...,state=...}. */
    static List<HostAndPort> replicasOf(Map<String, String> masterInfo) {
        List<HostAndPort> replicas = new ArrayList<>();
        int count = intOf(masterInfo, "connected_slaves", 0);
        for (int i = 0; i < count; i++) {
            String line = masterInfo.get("slave" + i);
            if (line == null) {
                continue;
            }
            Map<String, String> attributes = new HashMap<>();
            for (String pair : line.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    attributes.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            try {
                replicas.add(HostAndPort.of(attributes.get("ip"), Integer.parseInt(attributes.get("port"))));
            } catch (RuntimeException e) {
                // an entry without a usable address is not a replica we can ask
            }
        }
        return replicas;
    }

    /**
     * The addresses of the nodes in a {@code CLUSTER NODES} reply: the second field of each line,
     * {@code ip:port@cport[,hostname]}; nodes without an address ({@code noaddr}) are left out.
     */
    static List<HostAndPort> clusterNodesOf(String reply) {
        List<HostAndPort> nodes = new ArrayList<>();
        for (String line : reply.split("\\r?\\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 3 || fields[2].contains("noaddr")) {
                continue;
            }
            String address = fields[1];
            int at = address.indexOf('@');
            if (at > 0) {
                address = address.substring(0, at);
            }
            try {
                nodes.add(HostAndPort.parse(address));
            } catch (RuntimeException e) {
                // an address we cannot read is not a node we can ask
            }
        }
        return nodes;
    }

    /** The addresses of the nodes a {@code CLUSTER NODES} reply flags as {@code master}. */
    static List<HostAndPort> clusterMastersOf(String reply) {
        List<HostAndPort> masters = new ArrayList<>();
        for (String line : reply.split("\\r?\\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length >= 3 && List.of(fields[2].split(",")).contains("master")) {
                masters.addAll(clusterNodesOf(line));
            }
        }
        return masters;
    }
}

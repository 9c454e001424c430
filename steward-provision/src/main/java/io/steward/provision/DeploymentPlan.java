package io.steward.provision;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import java.util.ArrayList;
import java.util.List;

/**
 * What to deploy: the topology, its nodes and the settings that shape the hardened configs.
 *
 * <p>Node order carries meaning. Sentinel mode: the first Redis node is the initial master, the
 * rest its replicas. Cluster mode with an even count of six or more: the first half are masters,
 * and node {@code masters + i} replicates master {@code i}; otherwise every node is a master.
 *
 * @param name          deployment name, shown in rendered file headers
 * @param mode          topology
 * @param profile       development or production defaults
 * @param tls           whether clients, replication, the cluster bus and Sentinel use TLS only
 * @param masterName    the name Sentinel monitors the master under
 * @param role          cache (evicts) or store (never evicts)
 * @param maxmemoryBytes {@code maxmemory} of each data node
 * @param redisNodes    data nodes
 * @param sentinels     Sentinel nodes (sentinel mode only)
 */
public record DeploymentPlan(
        String name,
        TopologyMode mode,
        Profile profile,
        boolean tls,
        String masterName,
        DataRole role,
        long maxmemoryBytes,
        List<HostAndPort> redisNodes,
        List<HostAndPort> sentinels) {

    public static final String DEFAULT_NAME = "local";
    public static final String DEFAULT_MASTER_NAME = "steward";
    public static final DataRole DEFAULT_ROLE = DataRole.STORE;
    public static final String LOOPBACK = "127.0.0.1";
    /** The port every default is relative to: {@code --port-base N} shifts them all by N − 6379. */
    public static final int DEFAULT_PORT_BASE = 6379;

    public static final int CLUSTER_BUS_OFFSET = 10000;

    private static final int FIRST_CLUSTER_PORT = 7000;

    public DeploymentPlan {
        redisNodes = List.copyOf(redisNodes);
        sentinels = List.copyOf(sentinels);
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigException("name", "'" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (masterName == null || !masterName.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigException(
                    "topology.master-name", "'" + masterName + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (maxmemoryBytes < (1L << 20)) {
            throw new ConfigException("maxmemory", "must be at least 1 MB, was " + maxmemoryBytes + " bytes");
        }
        switch (mode) {
            case STANDALONE -> {
                if (redisNodes.size() != 1 || !sentinels.isEmpty()) {
                    throw new ConfigException("topology.nodes", "standalone needs exactly one node and no sentinels");
                }
            }
            case SENTINEL -> {
                if (redisNodes.size() < 2) {
                    throw new ConfigException(
                            "topology.nodes", "sentinel mode needs a master and at least one replica");
                }
                if (sentinels.size() < 3) {
                    throw new ConfigException(
                            "topology.sentinels", "sentinel mode needs at least 3 sentinels, had " + sentinels.size());
                }
            }
            case CLUSTER -> {
                if (redisNodes.size() < 3 || !sentinels.isEmpty()) {
                    throw new ConfigException("topology.nodes", "cluster mode needs at least 3 nodes and no sentinels");
                }
            }
        }
        List<HostAndPort> all = new ArrayList<>(redisNodes);
        all.addAll(sentinels);
        if (all.stream().distinct().count() != all.size()) {
            throw new ConfigException("topology.nodes", "the same host:port is listed twice: " + all);
        }
    }

    /**
     * The local plan of DESIGN §5 on loopback: standalone 6379; sentinel master 6379, replicas
     * 6380-6381, sentinels 26379-26381; cluster 7000-7005; each shifted by {@code portBase - 6379}.
     *
     * @throws ConfigException when a shifted port leaves 1-65535
     */
    public static DeploymentPlan local(TopologyMode mode, Profile profile, boolean tls, int portBase) {
        int shift = portBase - DEFAULT_PORT_BASE;
        List<Integer> redis =
                switch (mode) {
                    case STANDALONE -> List.of(6379);
                    case SENTINEL -> List.of(6379, 6380, 6381);
                    case CLUSTER ->
                        List.of(
                                FIRST_CLUSTER_PORT,
                                FIRST_CLUSTER_PORT + 1,
                                FIRST_CLUSTER_PORT + 2,
                                FIRST_CLUSTER_PORT + 3,
                                FIRST_CLUSTER_PORT + 4,
                                FIRST_CLUSTER_PORT + 5);
                };
        List<Integer> sentinel = mode == TopologyMode.SENTINEL ? List.of(26379, 26380, 26381) : List.of();
        return new DeploymentPlan(
                DEFAULT_NAME,
                mode,
                profile,
                tls,
                DEFAULT_MASTER_NAME,
                DEFAULT_ROLE,
                profile.maxmemoryBytes(),
                loopback(redis, shift, mode),
                loopback(sentinel, shift, mode));
    }

    private static List<HostAndPort> loopback(List<Integer> ports, int shift, TopologyMode mode) {
        List<HostAndPort> out = new ArrayList<>();
        for (int port : ports) {
            int shifted = port + shift;
            int highest = mode == TopologyMode.CLUSTER ? shifted + CLUSTER_BUS_OFFSET : shifted;
            if (shifted < 1 || highest > 65535) {
                throw new ConfigException(
                        "--port-base",
                        "moves port " + port + " to " + shifted
                                + (highest != shifted ? " (cluster bus " + highest + ")" : "")
                                + ", outside 1-65535; choose a base between " + (DEFAULT_PORT_BASE - port + 1024)
                                + " and " + (DEFAULT_PORT_BASE + 55000 - port));
            }
            out.add(HostAndPort.of(LOOPBACK, shifted));
        }
        return out;
    }

    /** The {@code --port-base} that {@link #local} would have been given for this plan's ports. */
    public int localPortBase() {
        int firstDefault = mode == TopologyMode.CLUSTER ? FIRST_CLUSTER_PORT : DEFAULT_PORT_BASE;
        return redisNodes.get(0).port() - firstDefault + DEFAULT_PORT_BASE;
    }

    /** The same plan with other nodes, keeping every other setting. */
    public DeploymentPlan withNodes(List<HostAndPort> redis, List<HostAndPort> sentinelNodes) {
        return new DeploymentPlan(name, mode, profile, tls, masterName, role, maxmemoryBytes, redis, sentinelNodes);
    }

    /** The same plan with another data role. */
    public DeploymentPlan withRole(DataRole newRole) {
        return new DeploymentPlan(name, mode, profile, tls, masterName, newRole, maxmemoryBytes, redisNodes, sentinels);
    }

    /** Number of cluster masters (see the class comment); 0 outside cluster mode. */
    public int clusterMasters() {
        if (mode != TopologyMode.CLUSTER) {
            return 0;
        }
        int n = redisNodes.size();
        return n >= 6 && n % 2 == 0 ? n / 2 : n;
    }

    /** The node {@code node} replicates initially, or null when it starts as a master. */
    public HostAndPort initialMasterOf(HostAndPort node) {
        int index = redisNodes.indexOf(node);
        return switch (mode) {
            case STANDALONE -> null;
            case SENTINEL -> index > 0 ? redisNodes.get(0) : null;
            case CLUSTER -> index >= clusterMasters() ? redisNodes.get(index - clusterMasters()) : null;
        };
    }

    /** Sentinel quorum: a majority of the sentinels. */
    public int quorum() {
        return sentinels.size() / 2 + 1;
    }
}

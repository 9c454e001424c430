package io.steward.provision;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

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

    /**
     * The daemon's (dashboard's) port of a local deployment at the default base; {@code --port-base}
     * moves it with the Redis ports. The same as {@code ServerConfig.DEFAULT_PORT} in steward-ops.
     */
    public static final int DEFAULT_DASHBOARD_PORT = 7380;

    /** Local deployments keep off the privileged ports below this one. */
    public static final int LOWEST_LOCAL_PORT = 1024;

    public static final int HIGHEST_LOCAL_PORT = 65535;

    /**
     * The lowest {@code --port-base} that keeps every port of every topology (data nodes, cluster
     * buses, sentinels, dashboard) within {@link #LOWEST_LOCAL_PORT}..{@link #HIGHEST_LOCAL_PORT}.
     * One range for all topologies, so a base that works for one works for all.
     */
    public static final int MIN_PORT_BASE =
            LOWEST_LOCAL_PORT + DEFAULT_PORT_BASE - defaultLocalPorts().min().orElseThrow();

    /** The highest {@code --port-base}; see {@link #MIN_PORT_BASE}. */
    public static final int MAX_PORT_BASE =
            HIGHEST_LOCAL_PORT + DEFAULT_PORT_BASE - defaultLocalPorts().max().orElseThrow();

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
     * 6380-6381, sentinels 26379-26381; cluster 7000-7005 (buses 17000-17005); each shifted by
     * {@code portBase - 6379}.
     *
     * @throws ConfigException when {@code portBase} is outside {@link #MIN_PORT_BASE}..{@link #MAX_PORT_BASE}
     */
    public static DeploymentPlan local(TopologyMode mode, Profile profile, boolean tls, int portBase) {
        if (portBase < MIN_PORT_BASE || portBase > MAX_PORT_BASE) {
            throw new ConfigException("--port-base", portBaseRange() + ", was " + portBase);
        }
        int shift = portBase - DEFAULT_PORT_BASE;
        return new DeploymentPlan(
                DEFAULT_NAME,
                mode,
                profile,
                tls,
                DEFAULT_MASTER_NAME,
                DEFAULT_ROLE,
                profile.maxmemoryBytes(),
                loopback(defaultRedisPorts(mode), shift),
                loopback(defaultSentinelPorts(mode), shift));
    }

    /** The valid {@code --port-base} values and why, worded the same wherever it is shown. */
    public static String portBaseRange() {
        return "must be from " + MIN_PORT_BASE + " to " + MAX_PORT_BASE + " so that every port of every topology"
                + " (Redis from the base, cluster buses, dashboard, sentinels at base + 20000) stays within "
                + LOWEST_LOCAL_PORT + "-" + HIGHEST_LOCAL_PORT;
    }

    private static List<Integer> defaultRedisPorts(TopologyMode mode) {
        return switch (mode) {
            case STANDALONE -> List.of(DEFAULT_PORT_BASE);
            case SENTINEL -> List.of(DEFAULT_PORT_BASE, DEFAULT_PORT_BASE + 1, DEFAULT_PORT_BASE + 2);
            case CLUSTER ->
                IntStream.range(FIRST_CLUSTER_PORT, FIRST_CLUSTER_PORT + 6)
                        .boxed()
                        .toList();
        };
    }

    private static List<Integer> defaultSentinelPorts(TopologyMode mode) {
        return mode == TopologyMode.SENTINEL ? List.of(26379, 26380, 26381) : List.of();
    }

    /** Every port a local deployment of any topology binds at the default base, the dashboard's included. */
    static IntStream defaultLocalPorts() {
        return IntStream.concat(
                IntStream.of(DEFAULT_DASHBOARD_PORT),
                Arrays.stream(TopologyMode.values()).flatMapToInt(mode -> {
                    IntStream redis = defaultRedisPorts(mode).stream().mapToInt(Integer::intValue);
                    IntStream buses = mode == TopologyMode.CLUSTER
                            ? defaultRedisPorts(mode).stream().mapToInt(p -> p + CLUSTER_BUS_OFFSET)
                            : IntStream.empty();
                    IntStream sentinels = defaultSentinelPorts(mode).stream().mapToInt(Integer::intValue);
                    return IntStream.concat(IntStream.concat(redis, buses), sentinels);
                }));
    }

    private static List<HostAndPort> loopback(List<Integer> ports, int shift) {
        return ports.stream()
                .map(port -> HostAndPort.of(LOOPBACK, port + shift))
                .toList();
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

package io.steward.ops.config;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.provision.DataRole;
import io.steward.provision.TopologyMode;
import java.util.List;
import java.util.Objects;

/**
 * Where the Redis servers are and how they are arranged: the {@code topology} section.
 *
 * @param mode       how the servers are arranged
 * @param masterName the Sentinel master name; required in {@link Mode#SENTINEL} mode, otherwise {@code null}
 * @param sentinels  the Sentinel endpoints; non-empty in {@link Mode#SENTINEL} mode, otherwise empty
 * @param nodes      the data nodes ({@link Mode#STANDALONE}) or seed nodes ({@link Mode#CLUSTER});
 *                   may be empty in Sentinel mode, where Sentinel names the nodes
 * @param role       what the data is for; decides the eviction policy and how evictions are judged
 */
public record TopologyConfig(
        TopologyMode mode, String masterName, List<HostAndPort> sentinels, List<HostAndPort> nodes, DataRole role) {

    /** The role used when a file does not name one: durable data is the safe assumption. */
    public static final DataRole DEFAULT_ROLE = DataRole.STORE;

    /**
     * Validates the combination of settings.
     *
     * @throws ConfigException naming the field when a setting is missing or does not fit the mode
     */
    public TopologyConfig {
        Objects.requireNonNull(mode, "mode");
        sentinels = List.copyOf(sentinels == null ? List.of() : sentinels);
        nodes = List.copyOf(nodes == null ? List.of() : nodes);
        role = role == null ? DEFAULT_ROLE : role;
        switch (mode) {
            case SENTINEL -> {
                if (masterName == null || masterName.isBlank()) {
                    throw new ConfigException("topology.master-name", "required in sentinel mode");
                }
                if (sentinels.isEmpty()) {
                    throw new ConfigException(
                            "topology.sentinels", "at least one host:port is required in sentinel mode");
                }
            }
            case STANDALONE, CLUSTER -> {
                if (nodes.isEmpty()) {
                    throw new ConfigException(
                            "topology.nodes", "at least one host:port is required in " + mode.id() + " mode");
                }
                if (!sentinels.isEmpty()) {
                    throw new ConfigException("topology.sentinels", "only allowed in sentinel mode");
                }
                if (masterName != null) {
                    throw new ConfigException("topology.master-name", "only allowed in sentinel mode");
                }
            }
        }
    }

    /** A single standalone server. */
    public static TopologyConfig standalone(HostAndPort node) {
        return new TopologyConfig(TopologyMode.STANDALONE, null, List.of(), List.of(node), DEFAULT_ROLE);
    }

    /** A Sentinel-managed master with its replicas. */
    public static TopologyConfig sentinel(String masterName, List<HostAndPort> sentinels) {
        return new TopologyConfig(TopologyMode.SENTINEL, masterName, sentinels, List.of(), DEFAULT_ROLE);
    }

    /** A Redis Cluster reached through the given seed nodes. */
    public static TopologyConfig cluster(List<HostAndPort> seeds) {
        return new TopologyConfig(TopologyMode.CLUSTER, null, List.of(), seeds, DEFAULT_ROLE);
    }

    /** This topology with another role. */
    public TopologyConfig withRole(DataRole newRole) {
        return new TopologyConfig(mode, masterName, sentinels, nodes, newRole);
    }

    /** The endpoints a client starts from: the sentinels in Sentinel mode, otherwise the nodes. */
    public List<HostAndPort> endpoints() {
        return mode == TopologyMode.SENTINEL ? sentinels : nodes;
    }
}

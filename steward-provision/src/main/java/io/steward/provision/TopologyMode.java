package io.steward.provision;

import io.steward.ConfigException;
import java.util.Locale;

/** How Redis nodes are arranged. */
public enum TopologyMode {
    /** One redis-server. */
    STANDALONE,
    /** One master, replicas, and three Sentinels that fail over. */
    SENTINEL,
    /** Redis Cluster: masters sharing the 16384 slots, each with a replica. */
    CLUSTER;

    /** The lower-case name used in steward.yaml and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code standalone}, {@code sentinel} or {@code cluster}, ignoring case.
     *
     * @throws ConfigException naming {@code field} and the allowed values
     */
    public static TopologyMode parse(String text, String field) {
        return EnumIds.parse(values(), TopologyMode::id, text, field, "topology");
    }
}

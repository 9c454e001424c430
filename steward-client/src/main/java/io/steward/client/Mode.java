package io.steward.client;

/** How the Redis deployment is laid out, which decides how {@link StewardClient} finds the master. */
public enum Mode {
    /** One Redis node; {@link ClientOptions#endpoints()} holds exactly that node. */
    STANDALONE,
    /** A master with replicas watched by Sentinel; the endpoints are the sentinels. */
    SENTINEL,
    /** Redis Cluster; the endpoints are seed nodes from which the topology is discovered. */
    CLUSTER
}

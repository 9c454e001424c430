package io.steward.ha.drill;

import io.steward.HostAndPort;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a drill needs from one kind of deployment (Sentinel or Cluster): who the master is, whether it
 * is settled, how to write, how to see the switch and where keys live. Reading keys back, deleting
 * them and checking a rejoin are the same for both and live in {@link NodeOps}.
 */
interface DrillTopology extends AutoCloseable {

    /** The master the next fault hits. */
    HostAndPort master();

    /**
     * Every endpoint the drill talks to: the configured ones (sentinels or seeds) and the data nodes
     * known now. The drill refuses a deployment with one of them off this host unless allowed.
     */
    List<HostAndPort> endpoints();

    /** The deployment's timeouts and the limits derived from them. */
    DrillLimits limits(DrillMode mode);

    /**
     * What keeps the deployment from being settled now (a replica not connected or in sync, sentinels
     * disagreeing, a cluster not ok), or empty when it is settled.
     */
    Optional<String> unsettled();

    /**
     * Called once the deployment is settled, before a run starts writing: counts anew the replicas a
     * durable write waits for (the previous run's switch may have left a count from before every
     * replica was reconfigured).
     */
    void recountReplicas();

    /**
     * Writes one key: true when acknowledged as asked. Durable: {@code WAIT} for every listening replica
     * online at the master (at least one), so whichever replica is promoted has the write.
     */
    boolean write(String key, String value, boolean durable, Duration replicationTimeout);

    /**
     * Starts the planned failover of {@code master} and returns without waiting for it.
     *
     * @throws io.steward.StewardException when {@code master} is no longer the master, or the deployment
     *                                     refuses (the refusal's own words, e.g. {@code NOGOODSLAVE})
     */
    void failOverManually(HostAndPort master);

    /** Starts watching for the failover of {@code oldMaster}; call before the fault. */
    SwitchWatch watch(HostAndPort oldMaster);

    /** A key whose writes go to {@code master} when sent to it directly, built from {@code base}. */
    String keyServedBy(HostAndPort master, String base);

    /**
     * {@code keys} grouped by the master that serves them now.
     *
     * @throws io.steward.StewardException when a key's slot has no healthy master
     */
    Map<HostAndPort, List<String>> byMaster(List<String> keys);

    @Override
    void close();

    /** What has been seen of a failover so far; epoch milliseconds, {@code null} until seen. */
    record Observation(Long sdownAt, Long odownAt, Long switchAt, HostAndPort newMaster, List<String> notes) {}

    /** Watches one failover. */
    interface SwitchWatch extends AutoCloseable {

        /** What has been seen so far; called often, must be cheap. Still answers after {@link #close()}. */
        Observation observed();

        /** Stops watching; a watch thread that does not end is named in {@link #observed()}'s notes. */
        @Override
        void close();
    }
}

package io.steward.ha.drill;

import io.steward.HostAndPort;
import java.time.Duration;
import java.util.List;

/**
 * What a drill needs from one kind of deployment (Sentinel or Cluster): who the master is, whether it
 * is settled, how to write, how to see the switch and how to read keys back.
 */
interface DrillTopology extends AutoCloseable {

    /** The master the next fault hits. */
    HostAndPort master();

    /** Every endpoint the drill will talk to: configured ones and the data nodes known now. */
    List<HostAndPort> dataNodes();

    /** The deployment's timeouts and the limits derived from them. */
    DrillLimits limits(DrillMode mode);

    /**
     * Waits until every replica is connected and in sync and the sentinels agree (or the cluster is ok).
     *
     * @throws io.steward.StewardException saying what is still missing when {@code timeout} passes
     */
    void awaitSettled(Duration timeout);

    /**
     * Writes one key: true when acknowledged as asked. Durable: {@code WAIT} for every listening replica
     * online at the master (at least one), so whichever replica is promoted has the write.
     */
    boolean write(String key, String value, boolean durable, Duration replicationTimeout);

    /** Starts the planned failover of {@code master}. */
    void failOverManually(HostAndPort master);

    /** Starts watching for the failover of {@code oldMaster}; call before the fault. */
    SwitchWatch watch(HostAndPort oldMaster);

    /** A key whose writes go to {@code master} when sent to it directly, built from {@code base}. */
    String keyServedBy(HostAndPort master, String base);

    /** Of {@code keys} with their expected values, how many the deployment does not hold so now. */
    long countMissing(List<String> keys);

    /** Deletes {@code keys}, best effort. */
    void delete(List<String> keys);

    /** Whether {@code node} reports itself a connected replica of {@code master}. */
    boolean isConnectedReplicaOf(HostAndPort node, HostAndPort master);

    @Override
    void close();

    /** What has been seen of a failover so far; epoch milliseconds, {@code null} until seen. */
    record Observation(Long sdownAt, Long odownAt, Long switchAt, HostAndPort newMaster, List<String> notes) {}

    /** Watches one failover. */
    interface SwitchWatch extends AutoCloseable {

        /** What has been seen so far; called often, must be cheap. */
        Observation observed();

        @Override
        void close();
    }
}

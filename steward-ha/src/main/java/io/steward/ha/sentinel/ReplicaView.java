package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.util.List;
import java.util.Objects;

/**
 * One replica of the master, as the master's {@code INFO replication} and the Sentinels' {@code SENTINEL
 * REPLICAS} describe it together.
 *
 * @param address        {@code ip:port} as announced (port 0 for a replication client)
 * @param state          the master's view ({@code online}, {@code wait_bgsave}, ...); {@code absent} when the
 *                       master does not list it, {@code unknown} when the master could not be read
 * @param linkStatus     the replica's link to its master as the Sentinels report it ({@code ok} or {@code err});
 *                       empty when no Sentinel lists it
 * @param flags          the Sentinels' flags for it, such as {@code slave} or {@code s_down,slave,disconnected}
 *                       (from the first Sentinel listing it)
 * @param offsetLagBytes how many bytes of the replication stream it has not acknowledged; -1 when unknown
 * @param lagSeconds     seconds since it last acknowledged; -1 when unknown
 * @param priority       its {@code replica-priority} (0 = never promoted); -1 when unknown
 * @param listedBy       the Sentinels listing it
 * @param connected      whether the master streams to it ({@code online}) and the Sentinels see it up
 */
public record ReplicaView(
        String address,
        String state,
        String linkStatus,
        String flags,
        long offsetLagBytes,
        long lagSeconds,
        int priority,
        List<HostAndPort> listedBy,
        boolean connected) {

    public ReplicaView {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        linkStatus = linkStatus == null ? "" : linkStatus;
        flags = flags == null ? "" : flags;
        listedBy = List.copyOf(listedBy);
    }
}

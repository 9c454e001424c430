package io.steward.ops.info;

import io.steward.HostAndPort;
import java.util.Map;

/**
 * One {@code slaveN:} line of a master's {@code INFO replication}, such as
 * {@code slave0:ip=127.0.0.1,port=6380,state=online,offset=578,lag=1}.
 *
 * <p>Not every such line is a replica: a client that streams replication without listening itself (Steward's
 * own backup, {@code redis-cli --replica} or {@code --rdb}) announces port {@code 0}; see
 * {@link #isReplicationClient()}.
 *
 * @param ip     the address the replica announced
 * @param port   the port the replica announced; {@code 0} for a replication client
 * @param state  {@code online}, {@code wait_bgsave}, {@code send_bulk} or another Redis state
 * @param offset the replication offset the replica acknowledged
 * @param lag    seconds since the replica's last acknowledgement
 */
public record ReplicaInfo(String ip, int port, String state, long offset, long lag) {

    /**
     * The replica's endpoint.
     *
     * @throws IllegalStateException for a {@linkplain #isReplicationClient() replication client}, which has none
     */
    public HostAndPort endpoint() {
        if (isReplicationClient()) {
            throw new IllegalStateException("replication client " + ip + " listens on no port");
        }
        return HostAndPort.of(ip, port);
    }

    /**
     * Whether this is a client streaming the replication feed (a backup, {@code redis-cli --replica}) rather than
     * a replica: it announced no listening port, so it can be neither reached nor promoted.
     */
    public boolean isReplicationClient() {
        return port <= 0;
    }

    /**
     * Whether an entry of {@code SENTINEL REPLICAS} is a replica: Sentinel picks replication clients
     * (port 0) up from the master's INFO too and keeps listing them long after they left.
     */
    public static boolean isListening(Map<String, String> sentinelEntry) {
        try {
            return Integer.parseInt(sentinelEntry.getOrDefault("port", "0")) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether the replica has finished its initial sync and is streaming. */
    public boolean isOnline() {
        return "online".equals(state);
    }
}

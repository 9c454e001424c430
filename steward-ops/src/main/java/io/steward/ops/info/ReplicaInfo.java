package io.steward.ops.info;

import io.steward.HostAndPort;

/**
 * One {@code slaveN:} line of a master's {@code INFO replication}, such as
 * {@code slave0:ip=127.0.0.1,port=6380,state=online,offset=578,lag=1}.
 *
 * @param ip     the address the replica announced
 * @param port   the port the replica announced
 * @param state  {@code online}, {@code wait_bgsave}, {@code send_bulk} or another Redis state
 * @param offset the replication offset the replica acknowledged
 * @param lag    seconds since the replica's last acknowledgement
 */
public record ReplicaInfo(String ip, int port, String state, long offset, long lag) {

    /** The replica's endpoint. */
    public HostAndPort endpoint() {
        return HostAndPort.of(ip, port);
    }

    /** Whether the replica has finished its initial sync and is streaming. */
    public boolean isOnline() {
        return "online".equals(state);
    }
}

package io.steward.ops.info;

import io.steward.HostAndPort;

/**
 * One {@code masterN:} line of Sentinel's {@code INFO sentinel}, such as
 * {@code master0:name=steward,status=ok,address=127.0.0.1:6379,slaves=2,sentinels=3}.
 *
 * @param name      the monitored master's name
 * @param status    {@code ok}, {@code sdown} or {@code odown}
 * @param address   where this Sentinel believes the master is, or {@code null} when the line has no address
 * @param replicas  the replicas this Sentinel knows of
 * @param sentinels the Sentinels monitoring this master, counting this one
 */
public record SentinelMasterInfo(String name, String status, HostAndPort address, int replicas, int sentinels) {

    /** Whether this Sentinel considers the master up. */
    public boolean isOk() {
        return "ok".equals(status);
    }
}

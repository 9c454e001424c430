package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.util.Objects;

/**
 * A replica entry a Sentinel still lists although nothing can fail over to it: an address with port
 * {@code 0} (a replication client such as a backup or {@code redis-cli --replica}, which Sentinel picks up
 * from the master's INFO) or a replica that is down and no longer replicates from the master. Only
 * {@code SENTINEL RESET} removes such entries ({@link SentinelAdmin#reset(boolean)}).
 *
 * @param sentinel the Sentinel listing it
 * @param address  the entry's {@code ip:port} as the Sentinel lists it (the port may be 0)
 * @param reason   why it is stale
 */
public record StaleEntry(HostAndPort sentinel, String address, String reason) {

    public StaleEntry {
        Objects.requireNonNull(sentinel, "sentinel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
    }
}

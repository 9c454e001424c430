package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link SentinelAdmin#failover(java.time.Duration)}.
 *
 * @param oldMaster  the master before the failover
 * @param newMaster  the master every Sentinel names afterwards, or {@code null} when the failover did not
 *                   complete
 * @param millis     from sending {@code SENTINEL FAILOVER} to the last confirmation (or to giving up)
 * @param completed  whether the new master reports the master role and every Sentinel names it
 * @param askedVia   the Sentinel that was sent {@code SENTINEL FAILOVER}
 * @param lastSeen   per Sentinel, the master it named last (or why it could not be asked)
 * @param error      why it did not complete (the Sentinel's refusal, the timeout and who disagreed), or
 *                   {@code null}
 */
public record FailoverResult(
        HostAndPort oldMaster,
        HostAndPort newMaster,
        long millis,
        boolean completed,
        HostAndPort askedVia,
        Map<HostAndPort, String> lastSeen,
        String error) {

    public FailoverResult {
        Objects.requireNonNull(oldMaster, "oldMaster");
        lastSeen = Map.copyOf(lastSeen);
    }
}

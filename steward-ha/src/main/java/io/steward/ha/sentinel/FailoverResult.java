package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param askedVia   the Sentinel that accepted {@code SENTINEL FAILOVER}, or {@code null} when none did
 * @param lastSeen   per Sentinel that monitored the master before, in configuration order: the master it named
 *                   last (or why it could not be asked)
 * @param error      why it did not complete (each Sentinel's refusal, the timeout and who disagreed), or
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
        lastSeen = Collections.unmodifiableMap(new LinkedHashMap<>(lastSeen)); // keeps the order
    }
}

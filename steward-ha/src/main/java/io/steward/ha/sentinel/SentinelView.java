package io.steward.ha.sentinel;

import io.steward.HostAndPort;
import java.util.Objects;

/**
 * What one Sentinel believes about the monitored master.
 *
 * @param sentinel         the Sentinel
 * @param error            why it could not be read (unreachable, does not monitor the master), or {@code null}
 * @param master           the master it names ({@code GET-MASTER-ADDR-BY-NAME}), or {@code null}
 * @param configEpoch      the master's {@code config-epoch}; -1 when unknown
 * @param flags            the master's flags as this Sentinel sees them, such as {@code master} or
 *                         {@code s_down,master}
 * @param tilt             whether this Sentinel is in TILT mode (it takes no action)
 * @param lastOkPingMillis milliseconds since the master last answered this Sentinel's PING; -1 when unknown
 * @param quorum           the quorum configured on this Sentinel; -1 when unknown
 * @param knownSentinels   the Sentinels it knows monitor the master, counting itself; -1 when unknown
 * @param quorumOk         whether {@code SENTINEL CKQUORUM} passed on it
 * @param quorumReply      the {@code CKQUORUM} reply or error
 */
public record SentinelView(
        HostAndPort sentinel,
        String error,
        HostAndPort master,
        long configEpoch,
        String flags,
        boolean tilt,
        long lastOkPingMillis,
        int quorum,
        int knownSentinels,
        boolean quorumOk,
        String quorumReply) {

    public SentinelView {
        Objects.requireNonNull(sentinel, "sentinel");
        flags = flags == null ? "" : flags;
        quorumReply = quorumReply == null ? "" : quorumReply;
    }

    /** Whether the Sentinel answered and monitors the master. */
    public boolean isMonitoring() {
        return error == null && master != null;
    }
}

package io.steward.server.collect;

import io.steward.HostAndPort;
import java.util.Objects;

/**
 * One Sentinel as the latest round saw it.
 *
 * @param address        the Sentinel
 * @param error          why it did not answer; {@code null} when it did
 * @param master         the master it names for the deployment; {@code null} when unknown
 * @param flags          the master's flags as this Sentinel sees them ({@code master}, {@code s_down}, ...)
 * @param quorumOk       whether {@code SENTINEL CKQUORUM} succeeded
 * @param tilt           whether the Sentinel is in TILT mode
 * @param otherSentinels how many other Sentinels it knows of
 */
public record SentinelState(
        HostAndPort address,
        String error,
        HostAndPort master,
        String flags,
        boolean quorumOk,
        boolean tilt,
        int otherSentinels) {

    public SentinelState {
        Objects.requireNonNull(address, "address");
        flags = flags == null ? "" : flags;
    }

    static SentinelState down(HostAndPort address, String error) {
        return new SentinelState(address, Objects.requireNonNull(error, "error"), null, "", false, false, 0);
    }

    public boolean isUp() {
        return error == null;
    }
}

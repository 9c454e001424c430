package io.steward.ops.health.internal;

import io.steward.HostAndPort;
import io.steward.ops.info.InfoSnapshot;
import java.util.Objects;

/**
 * What a probe of one Sentinel saw about the configured master.
 *
 * @param endpoint       the Sentinel
 * @param failure        why it could not be probed, or {@code null} when it answered
 * @param info           its {@code INFO}; {@code null} when unreachable
 * @param masterAddress  its answer to {@code SENTINEL GET-MASTER-ADDR-BY-NAME}; {@code null} when it does
 *                       not monitor the master
 * @param masterFlags    the {@code flags} field of {@code SENTINEL MASTER}, such as {@code master} or
 *                       {@code s_down,master}; empty when unknown
 * @param replicas       {@code num-slaves} of {@code SENTINEL MASTER}; -1 when unknown
 * @param otherSentinels the Sentinels it knows of ({@code SENTINEL SENTINELS}), not counting itself; -1 when unknown
 * @param quorumOk       whether {@code SENTINEL CKQUORUM} succeeded
 * @param quorumReply    the {@code CKQUORUM} reply or error text
 */
record SentinelObservation(
        HostAndPort endpoint,
        String failure,
        InfoSnapshot info,
        HostAndPort masterAddress,
        String masterFlags,
        int replicas,
        int otherSentinels,
        boolean quorumOk,
        String quorumReply) {

    SentinelObservation {
        Objects.requireNonNull(endpoint, "endpoint");
        masterFlags = masterFlags == null ? "" : masterFlags;
        quorumReply = quorumReply == null ? "" : quorumReply;
        if (failure == null) {
            Objects.requireNonNull(info, "info");
        }
    }

    static SentinelObservation unreachable(HostAndPort endpoint, String failure) {
        return new SentinelObservation(
                endpoint, Objects.requireNonNull(failure, "failure"), null, null, "", -1, -1, false, "");
    }

    boolean isReachable() {
        return failure == null;
    }

    boolean monitorsMaster() {
        return masterAddress != null;
    }
}

package io.steward.ops.health.internal;

import io.steward.HostAndPort;
import io.steward.ops.info.InfoSnapshot;
import java.time.Duration;
import java.util.Objects;

/**
 * What a probe of one data node saw.
 *
 * @param endpoint      the node
 * @param failure       why the node could not be probed, or {@code null} when it answered
 * @param pingRoundTrip the PING round trip; {@code null} when unreachable
 * @param info          the node's {@code INFO} (all default sections); {@code null} when unreachable
 * @param maxClients    {@code maxclients} from INFO or {@code CONFIG GET}; 0 when unknown
 * @param defaultUser   what {@code ACL GETUSER default} said
 */
record NodeObservation(
        HostAndPort endpoint,
        String failure,
        Duration pingRoundTrip,
        InfoSnapshot info,
        long maxClients,
        DefaultUserState defaultUser) {

    NodeObservation {
        Objects.requireNonNull(endpoint, "endpoint");
        if (failure == null) {
            Objects.requireNonNull(pingRoundTrip, "pingRoundTrip");
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(defaultUser, "defaultUser");
        }
    }

    static NodeObservation unreachable(HostAndPort endpoint, String failure) {
        return new NodeObservation(endpoint, Objects.requireNonNull(failure, "failure"), null, null, 0, null);
    }

    static NodeObservation reached(
            HostAndPort endpoint,
            Duration pingRoundTrip,
            InfoSnapshot info,
            long maxClients,
            DefaultUserState defaultUser) {
        return new NodeObservation(endpoint, null, pingRoundTrip, info, maxClients, defaultUser);
    }

    boolean isReachable() {
        return failure == null;
    }

    /**
     * The {@code default} ACL user as {@code ACL GETUSER default} reported it.
     *
     * @param status what was found
     * @param note   why it could not be verified, for {@link Status#UNVERIFIED}; otherwise empty
     */
    record DefaultUserState(Status status, String note) {

        enum Status {
            OFF,
            ON_WITH_PASSWORD,
            ON_WITHOUT_PASSWORD,
            UNVERIFIED
        }

        static DefaultUserState ofFlags(java.util.Collection<String> flags) {
            if (!flags.contains("on")) {
                return new DefaultUserState(Status.OFF, "");
            }
            return new DefaultUserState(
                    flags.contains("nopass") ? Status.ON_WITHOUT_PASSWORD : Status.ON_WITH_PASSWORD, "");
        }

        static DefaultUserState unverified(String why) {
            return new DefaultUserState(Status.UNVERIFIED, why);
        }
    }
}

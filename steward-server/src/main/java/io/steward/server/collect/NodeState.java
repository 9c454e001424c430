package io.steward.server.collect;

import io.steward.HostAndPort;
import io.steward.ops.info.InfoSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One data node as the latest round saw it.
 *
 * @param address   the node
 * @param role      {@code master}, {@code replica}, or {@code unknown} when it did not answer
 * @param error     why the node did not answer; {@code null} when it did
 * @param info      its {@code INFO}; {@code null} when it did not answer
 * @param fields    the history fields derived from {@code info} (see {@code MetricField}); empty when down
 * @param roundTrip how long the node took to answer the round's pipelined commands
 */
public record NodeState(
        HostAndPort address,
        String role,
        String error,
        InfoSnapshot info,
        Map<String, Double> fields,
        Duration roundTrip) {

    public NodeState {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
        fields = Map.copyOf(fields);
        if (error == null) {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(roundTrip, "roundTrip");
        }
    }

    static NodeState down(HostAndPort address, String error) {
        return new NodeState(address, "unknown", Objects.requireNonNull(error, "error"), null, Map.of(), null);
    }

    /** Whether the node answered this round. */
    public boolean isUp() {
        return error == null;
    }

    public boolean isMaster() {
        return "master".equals(role);
    }

    /** A field of the latest sample, if the node reported it. */
    public Optional<Double> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }
}

package io.steward.ha.cluster;

import io.steward.HostAndPort;
import java.util.List;
import java.util.Map;

/**
 * What a membership command (create, add-node, remove-node, failover) did or, without
 * {@code --confirm}, would do.
 *
 * @param action  {@code create}, {@code add-node}, {@code remove-node} or {@code failover}
 * @param applied whether the steps were carried out
 * @param node    the node acted on ({@code null} for create)
 * @param nodeId  its cluster node id, when known
 * @param steps   what was done, in order, one line each
 * @param roles   each node's role afterwards ({@code master} or {@code replica of HOST:PORT}), for
 *                the nodes the command touched
 */
public record ClusterChange(
        String action,
        boolean applied,
        HostAndPort node,
        String nodeId,
        List<String> steps,
        Map<HostAndPort, String> roles) {

    public ClusterChange {
        steps = List.copyOf(steps);
        roles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roles));
    }
}

package io.steward.server.collect;

import io.steward.HostAndPort;
import io.steward.provision.TopologyMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployment as one collection round saw it.
 *
 * @param deployment   the deployment's name ({@code name} in {@code steward.yaml})
 * @param mode         standalone, sentinel or cluster
 * @param at           when the round started
 * @param master       the master: the one a majority of Sentinels names in sentinel mode, else the
 *                     only answering master; {@code null} when there is none or several
 * @param nodes        every data node known so far, answering or not, in a stable order
 * @param sentinels    the Sentinels (empty unless sentinel mode)
 * @param clusterState {@code cluster_state} of a cluster ({@code ok}, {@code fail}); {@code null} otherwise
 */
public record TopologyView(
        String deployment,
        TopologyMode mode,
        Instant at,
        HostAndPort master,
        List<NodeState> nodes,
        List<SentinelState> sentinels,
        String clusterState) {

    public TopologyView {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(at, "at");
        nodes = List.copyOf(nodes);
        sentinels = List.copyOf(sentinels);
    }

    /** The {@link #master} field, if there is one. */
    public Optional<HostAndPort> currentMaster() {
        return Optional.ofNullable(master);
    }

    /** This view with {@code newMaster} as the master, as announced before a round confirms it. */
    public TopologyView withMaster(HostAndPort newMaster) {
        return new TopologyView(deployment, mode, at, newMaster, nodes, sentinels, clusterState);
    }

    /** The state of {@code address}, if it is a known data node. */
    public Optional<NodeState> node(HostAndPort address) {
        return nodes.stream().filter(n -> n.address().equals(address)).findFirst();
    }
}

package io.steward.provision;

import io.steward.HostAndPort;
import java.time.Duration;
import java.util.List;

/**
 * Forms a Redis Cluster from empty cluster-enabled nodes with CLUSTER MEET, ADDSLOTSRANGE and
 * REPLICATE (no {@code redis-cli --cluster}): the first {@code masters} nodes share the 16384 slots
 * evenly, and each further node replicates master {@code (i - masters) % masters}. The one
 * implementation behind {@code up --topology cluster} and {@code steward cluster create}.
 */
public final class ClusterFormation {

    public static final int SLOTS = 16384;
    /** How long one step (a node learning of another) may take. */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    /** Sends one command to one node and returns its status or bulk-string reply. */
    @FunctionalInterface
    public interface NodeCommands {
        String run(HostAndPort node, String... command);
    }

    private final NodeCommands commands;

    private ClusterFormation(NodeCommands commands) {
        this.commands = commands;
    }

    /** Forms clusters through {@code commands}, which must authenticate as an admin user. */
    public static ClusterFormation over(NodeCommands commands) {
        return new ClusterFormation(commands);
    }

    /** Whether {@code node} already serves slots (the cluster was created before). */
    public boolean alreadyFormed(HostAndPort node) {
        String info = commands.run(node, "CLUSTER", "INFO");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cluster_slots_assigned:")) {
                return !"0".equals(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return false;
    }

    /**
     * Meets every node, assigns the slots to the first {@code masters} nodes and makes the rest
     * replicas, round-robin over the masters.
     *
     * @throws IllegalArgumentException when {@code masters} is not between 1 and the node count
     * @throws ProvisionException       when a node does not learn of its master within {@link #STEP_TIMEOUT}
     */
    public void form(List<HostAndPort> nodes, int masters) {
        if (masters < 1 || masters > nodes.size()) {
            throw new IllegalArgumentException("masters must be 1.." + nodes.size() + ", was " + masters);
        }
        HostAndPort first = nodes.get(0);
        for (HostAndPort node : nodes.subList(1, nodes.size())) {
            commands.run(first, "CLUSTER", "MEET", node.host(), String.valueOf(node.port()));
        }
        for (int i = 0; i < masters; i++) {
            int from = i * SLOTS / masters;
            int to = (i + 1) * SLOTS / masters - 1;
            commands.run(nodes.get(i), "CLUSTER", "ADDSLOTSRANGE", String.valueOf(from), String.valueOf(to));
        }
        for (int i = masters; i < nodes.size(); i++) {
            HostAndPort replica = nodes.get(i);
            String masterId = commands.run(nodes.get((i - masters) % masters), "CLUSTER", "MYID");
            awaitKnows(replica, masterId);
            commands.run(replica, "CLUSTER", "REPLICATE", masterId);
        }
    }

    private void awaitKnows(HostAndPort node, String nodeId) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!commands.run(node, "CLUSTER", "NODES").contains(nodeId)) {
            if (System.nanoTime() > deadline) {
                throw new ProvisionException(
                        node + " did not learn of cluster node " + nodeId + " within " + STEP_TIMEOUT.toSeconds()
                                + " s; check the cluster bus port " + (node.port() + 10000) + " is free");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisionException("interrupted while creating the cluster", e);
            }
        }
    }
}

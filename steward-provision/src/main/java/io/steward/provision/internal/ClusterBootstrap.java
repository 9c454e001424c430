package io.steward.provision.internal;

import io.steward.HostAndPort;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.ProvisionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Creates a Redis Cluster from fresh nodes with CLUSTER MEET, ADDSLOTSRANGE and REPLICATE (no
 * {@code redis-cli --cluster}): the masters share the 16384 slots evenly, and each replica follows
 * its master as the plan orders them. Does nothing when the nodes already form a cluster.
 */
public final class ClusterBootstrap {

    public static final int SLOTS = 16384;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final DeploymentPlan plan;
    private final AdminLink admin;

    public ClusterBootstrap(DeploymentPlan plan, AdminLink admin) {
        this.plan = plan;
        this.admin = admin;
    }

    /** Whether the first node already knows the others (the cluster was created before). */
    public boolean alreadyCreated() {
        Map<String, String> info = InfoFields.parse(admin.text(plan.redisNodes().get(0), "CLUSTER", "INFO"));
        return !"0".equals(info.getOrDefault("cluster_slots_assigned", "0"));
    }

    public void create() {
        List<HostAndPort> nodes = plan.redisNodes();
        HostAndPort first = nodes.get(0);
        for (HostAndPort node : nodes.subList(1, nodes.size())) {
            admin.text(first, "CLUSTER", "MEET", node.host(), String.valueOf(node.port()));
        }
        int masters = plan.clusterMasters();
        for (int i = 0; i < masters; i++) {
            int from = i * SLOTS / masters;
            int to = (i + 1) * SLOTS / masters - 1;
            admin.text(nodes.get(i), "CLUSTER", "ADDSLOTSRANGE", String.valueOf(from), String.valueOf(to));
        }
        for (int i = masters; i < nodes.size(); i++) {
            HostAndPort replica = nodes.get(i);
            String masterId = admin.text(nodes.get(i - masters), "CLUSTER", "MYID");
            awaitKnows(replica, masterId);
            admin.text(replica, "CLUSTER", "REPLICATE", masterId);
        }
    }

    private void awaitKnows(HostAndPort node, String nodeId) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!admin.text(node, "CLUSTER", "NODES").contains(nodeId)) {
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

package io.steward.provision;

import io.steward.HostAndPort;
import java.util.List;

/**
 * What runs of a local deployment right now.
 *
 * @param plan          the recorded plan
 * @param supervisorPid the supervising process, or -1 when none runs
 * @param nodes         every node with its process and role
 */
public record DeploymentStatus(DeploymentPlan plan, long supervisorPid, List<Node> nodes) {

    public DeploymentStatus {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param role as the node reports it: {@code master}, {@code replica}, {@code sentinel}, or
     *             {@code down} when it does not answer
     */
    public record Node(String name, HostAndPort endpoint, boolean sentinel, long pid, String role) {
        public boolean isRunning() {
            return pid > 0;
        }
    }

    /** Whether every node runs and a supervisor watches them. */
    public boolean isComplete() {
        return supervisorPid > 0 && nodes.stream().allMatch(Node::isRunning);
    }
}

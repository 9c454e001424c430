package io.steward.ha.drill;

import io.steward.HostAndPort;
import io.steward.provision.LocalHome;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a drill finds the process behind an endpoint, to kill or pause it. A deployment whose
 * master has no process here is remote: only a manual failover, or a kill by {@code SHUTDOWN NOSAVE},
 * can be drilled there, and only when asked to ({@link DrillOptions#allowRemote()}).
 */
@FunctionalInterface
public interface FaultTarget {

    /** The local process listening on {@code endpoint}, if it is one of ours and running. */
    Optional<LocalNode> process(HostAndPort endpoint);

    /**
     * The running processes of the {@code up} deployment in {@code home}, looked up afresh each time
     * (a killed node comes back with another pid).
     */
    static FaultTarget localHome(Path home) {
        Objects.requireNonNull(home, "home");
        return endpoint -> LocalHome.runningProcesses(home).stream()
                .filter(node -> node.endpoint().equals(endpoint))
                .findFirst();
    }

    /** The nodes of a running {@link LocalTopology}, such as one a test started. */
    static FaultTarget of(LocalTopology topology) {
        Objects.requireNonNull(topology, "topology");
        return endpoint -> topology.redisNodes().stream()
                .filter(node -> node.endpoint().equals(endpoint))
                .findFirst();
    }
}

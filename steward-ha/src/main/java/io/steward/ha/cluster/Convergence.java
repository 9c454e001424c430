package io.steward.ha.cluster;

import io.steward.HostAndPort;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Waits, bounded in time, until every node's view of the cluster satisfies a condition. */
final class Convergence {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private Convergence() {}

    /**
     * Reads the cluster until {@code condition} holds.
     *
     * @return the view that satisfied it
     * @throws ClusterAdminException naming {@code what} when it does not hold within {@code timeout}
     */
    static ClusterView await(
            NodeLinks links, List<HostAndPort> seeds, Duration timeout, String what, Predicate<ClusterView> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ClusterView view = ClusterView.read(links, seeds);
            if (condition.test(view)) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterAdminException("the cluster did not settle within " + timeout.toSeconds() + " s: "
                        + what + "; see 'steward cluster check'");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterAdminException("interrupted while waiting for the cluster: " + what, e);
            }
        }
    }
}

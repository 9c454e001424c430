package io.steward.ops.health;

import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.health.internal.ProbingHealthMonitor;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the health checks of one deployment: discovers its nodes from the configuration (asking the
 * Sentinels for the master and replicas, or a cluster seed for the cluster's nodes), probes every
 * node and Sentinel, and judges what it saw against {@link StewardConfig#thresholds()}.
 *
 * <p>A server that cannot be reached is reported as a check, never thrown. Implementations are
 * thread-safe. A monitor from {@link #create} opens and closes its connections within each
 * {@link #check(Set)}; one from {@link #pooled} keeps them for the next check.
 */
public interface HealthMonitor {

    /**
     * Runs the checks of the given components. A component the topology does not have (Sentinel in
     * standalone mode, for instance) contributes no checks.
     *
     * @throws io.steward.StewardException only when interrupted; server failures are checks
     */
    HealthReport check(Set<Component> components);

    /** Runs the checks of every component. */
    default HealthReport check() {
        return check(EnumSet.allOf(Component.class));
    }

    /**
     * A monitor for the deployment {@code config} describes, connecting through {@code client} (which
     * the caller owns and closes) and reading time from {@code clock} (certificate expiry, save age).
     */
    static HealthMonitor create(StewardConfig config, StewardClient client, Clock clock) {
        return ProbingHealthMonitor.shortLived(
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * As {@link #create(StewardConfig, StewardClient, Clock)}, but keeping one connection per node and
     * Sentinel from one check to the next (a failed one is opened again at the next check), and reading
     * the certificate a TLS node presents at most once an hour: for a caller that checks every few
     * seconds, such as the daemon. Close it to close the connections.
     */
    static Pooled pooled(StewardConfig config, StewardClient client, Clock clock) {
        return ProbingHealthMonitor.pooled(
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** A monitor that holds connections between checks until it is closed. Thread-safe. */
    interface Pooled extends HealthMonitor, AutoCloseable {

        /** Closes the connections it holds. Idempotent. */
        @Override
        void close();
    }

    /** As {@link #create(StewardConfig, StewardClient, Clock)} with the system clock. */
    static HealthMonitor create(StewardConfig config, StewardClient client) {
        return create(config, client, Clock.systemUTC());
    }
}

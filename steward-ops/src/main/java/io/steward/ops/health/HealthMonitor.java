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
 * thread-safe; each {@link #check(Set)} opens and closes its own connections through the client.
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
        return new ProbingHealthMonitor(
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** As {@link #create(StewardConfig, StewardClient, Clock)} with the system clock. */
    static HealthMonitor create(StewardConfig config, StewardClient client) {
        return create(config, client, Clock.systemUTC());
    }
}

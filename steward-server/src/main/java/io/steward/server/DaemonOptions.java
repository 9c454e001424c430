package io.steward.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the daemon listens, overriding the {@code server} section of {@code steward.yaml}, and its clock.
 *
 * @param bind           the address to listen on
 * @param port           the port; 0 picks a free one (tests)
 * @param clock          the time source of samples, alerts and schedules
 * @param healthInterval how often the health checks behind {@code /health} run
 */
public record DaemonOptions(String bind, int port, Clock clock, Duration healthInterval) {

    /** How often the health checks run unless told otherwise. */
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(15);

    public DaemonOptions {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        Objects.requireNonNull(clock, "clock");
        if (healthInterval == null || healthInterval.isZero() || healthInterval.isNegative()) {
            throw new IllegalArgumentException("healthInterval must be positive, was " + healthInterval);
        }
    }

    /** Options with {@link #DEFAULT_HEALTH_INTERVAL}. */
    public DaemonOptions(String bind, int port, Clock clock) {
        this(bind, port, clock, DEFAULT_HEALTH_INTERVAL);
    }

    /** These options with health checks every {@code interval}. */
    public DaemonOptions withHealthInterval(Duration interval) {
        return new DaemonOptions(bind, port, clock, interval);
    }
}

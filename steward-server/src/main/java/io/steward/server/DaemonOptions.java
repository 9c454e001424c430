package io.steward.server;

import java.time.Clock;
import java.util.Objects;

/**
 * How the daemon listens, overriding the {@code server} section of {@code steward.yaml}.
 *
 * @param bind  the address to listen on
 * @param port  the port; 0 picks a free one (tests)
 * @param clock the time source of samples, alerts and schedules
 */
public record DaemonOptions(String bind, int port, Clock clock) {

    public DaemonOptions {
        Objects.requireNonNull(bind, "bind");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        Objects.requireNonNull(clock, "clock");
    }
}

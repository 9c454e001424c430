package io.steward.client;

import java.time.Duration;

/**
 * Defaults for timeouts and connection settings, chosen by where the application runs. A value set
 * explicitly on {@link ClientOptions.Builder} always wins over the profile's default.
 *
 * <p>Lettuce multiplexes every command over one connection per node, so there is no pool of
 * connections to size; the "pool settings" of a profile are the request queue bound, the reconnect
 * back-off and the socket options (keep-alive, TCP no-delay).
 */
public enum Profile {

    /**
     * A laptop or CI: generous timeouts that survive a debugger pause or a slow machine, a large
     * request queue and fast reconnects.
     */
    DEVELOPMENT(Duration.ofSeconds(5), Duration.ofSeconds(10), 100_000, Duration.ofSeconds(1)),

    /**
     * A production service: short timeouts so callers fail fast instead of piling up threads, and a
     * bounded request queue so a stalled server pushes back instead of exhausting the heap.
     */
    PRODUCTION(Duration.ofSeconds(2), Duration.ofSeconds(2), 10_000, Duration.ofSeconds(2));

    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int requestQueueSize;
    private final Duration maxReconnectDelay;

    Profile(Duration connectTimeout, Duration commandTimeout, int requestQueueSize, Duration maxReconnectDelay) {
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
        this.requestQueueSize = requestQueueSize;
        this.maxReconnectDelay = maxReconnectDelay;
    }

    /** How long to wait for a TCP (and TLS) connection to be established. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a command may take before the caller gets a timeout. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** How many commands may wait on one connection before new ones are rejected. */
    public int requestQueueSize() {
        return requestQueueSize;
    }

    /** The upper bound of the exponential back-off between reconnect attempts. */
    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }
}

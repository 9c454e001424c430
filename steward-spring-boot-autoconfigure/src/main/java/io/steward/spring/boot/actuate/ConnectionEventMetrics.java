package io.steward.spring.boot.actuate;

import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.steward.client.StewardClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;

/**
 * Counts the connection events on a {@link StewardClient}'s Lettuce event bus
 * ({@link StewardClient#events()}) as {@code steward.client.connection.events}, tagged {@code event}:
 * <ul>
 *   <li>{@code activated}: a connection became usable (connected and handshaken), including each
 *       reconnect and each connection to a new master after a failover;
 *   <li>{@code deactivated}: a connection was lost or closed;
 *   <li>{@code reconnect-failed}: an attempt to reconnect failed;
 *   <li>{@code topology-changed}: the client's view of a cluster changed (CLUSTER mode).
 * </ul>
 * The bus carries the events of every connection on the client's Lettuce resources, not only the
 * client's own: the health check's probe connections and a Spring Data Redis connection factory built
 * on {@link StewardClient#resources()} count too. Counting starts when the binder is created: the bus
 * does not replay, so events before that (the client's first connection, say) are not counted.
 * {@link #close()} stops listening. Thread-safe.
 */
public final class ConnectionEventMetrics implements MeterBinder, AutoCloseable {

    /** The meter name. */
    public static final String METER = "steward.client.connection.events";

    private static final Map<Class<? extends Event>, String> COUNTED = Map.of(
            ConnectionActivatedEvent.class, "activated",
            ConnectionDeactivatedEvent.class, "deactivated",
            ReconnectFailedEvent.class, "reconnect-failed",
            ClusterTopologyChangedEvent.class, "topology-changed");

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Disposable subscription;

    public ConnectionEventMetrics(StewardClient client) {
        Objects.requireNonNull(client, "client");
        COUNTED.values().forEach(event -> counts.put(event, new AtomicLong()));
        subscription = client.events().subscribe(this::count);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String event : List.copyOf(counts.keySet())) {
            AtomicLong count = counts.get(event);
            FunctionCounter.builder(METER, count, AtomicLong::doubleValue)
                    .tag("event", event)
                    .description("connection events of the Steward client")
                    .register(registry);
        }
    }

    /** How many events of that kind ({@code activated}, ...) were seen; for tests and diagnostics. */
    public long count(String event) {
        AtomicLong count = counts.get(event);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        subscription.dispose();
    }

    private void count(Event event) {
        for (Map.Entry<Class<? extends Event>, String> counted : COUNTED.entrySet()) {
            if (counted.getKey().isInstance(event)) {
                counts.get(counted.getValue()).incrementAndGet();
            }
        }
    }
}

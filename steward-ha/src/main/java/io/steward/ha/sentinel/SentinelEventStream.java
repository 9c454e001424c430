package io.steward.ha.sentinel;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to the event channels of every sentinel and hands each event to one listener, on
 * Lettuce's event thread (the listener must not block). A subscription, once made, reconnects and
 * resubscribes by itself; {@link #subscribeMissing()} tries again the sentinels that could not be
 * reached and repeats SUBSCRIBE on the others, because Lettuce's own resubscribe after a reconnect can
 * be refused (an ACL change) and would leave the connection open but deaf. Sentinels are subscribed
 * to concurrently, so one that hangs (paused) delays no other. Thread-safe; closing ends every
 * subscription.
 */
public final class SentinelEventStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentinelEventStream.class);

    private final StewardClient client;
    private final List<HostAndPort> sentinels;
    private final List<String> channels;
    private final Consumer<SentinelEvent> listener;
    private final Clock clock;
    private final Map<HostAndPort, StatefulRedisPubSubConnection<String, String>> subscriptions =
            new ConcurrentHashMap<>();
    private final Set<HostAndPort> reportedUnreachable = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private volatile boolean closed;

    /** The most sentinels subscribed to at the same time. */
    static final int MAX_PARALLEL = 8;
    /** How long a repeated SUBSCRIBE on an existing connection may take before the connection is replaced. */
    static final Duration RESUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);
    /** How long one {@link #subscribeMissing()} round waits for its sentinels (connect timeouts included). */
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(30);

    private SentinelEventStream(
            StewardClient client,
            List<HostAndPort> sentinels,
            List<String> channels,
            Consumer<SentinelEvent> listener,
            Clock clock) {
        this.client = client;
        this.sentinels = List.copyOf(sentinels);
        this.channels = List.copyOf(channels);
        this.listener = listener;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, Math.min(MAX_PARALLEL, this.sentinels.size())), r -> {
            Thread t = new Thread(r, "steward-sentinel-subscribe-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Subscribes to {@code channels} on each of {@code sentinels}, as far as they can be reached now.
     *
     * @param client    the client whose credentials the subscriptions use; it must outlive the stream
     * @param channels  Sentinel event types, such as {@link SentinelEvent#FAILOVER_TYPES}
     * @param listener  called for every event, on a Lettuce thread; must return quickly
     */
    public static SentinelEventStream open(
            StewardClient client,
            List<HostAndPort> sentinels,
            List<String> channels,
            Consumer<SentinelEvent> listener,
            Clock clock) {
        SentinelEventStream stream = new SentinelEventStream(client, sentinels, channels, listener, clock);
        stream.subscribeMissing();
        return stream;
    }

    /**
     * Subscribes on each sentinel that has no subscription yet and repeats SUBSCRIBE (idempotent) on
     * those that have one, replacing a connection whose SUBSCRIBE fails; all sentinels at once, waiting
     * {@link #ROUND_TIMEOUT} at most. A failure is logged once per sentinel until it succeeds again.
     */
    public synchronized void subscribeMissing() {
        if (closed) {
            return;
        }
        List<Future<?>> rounds = new ArrayList<>();
        try {
            for (HostAndPort sentinel : sentinels) {
                rounds.add(workers.submit(() -> ensureSubscribed(sentinel)));
            }
        } catch (RejectedExecutionException e) {
            return; // closed meanwhile
        }
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        for (Future<?> round : rounds) {
            try {
                round.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                // ensureSubscribed logs its own failures; a hanging one is retried next round
                round.cancel(true);
            }
        }
    }

    private void ensureSubscribed(HostAndPort sentinel) {
        StatefulRedisPubSubConnection<String, String> existing = subscriptions.get(sentinel);
        if (closed) {
            return;
        }
        try {
            if (existing != null) {
                try {
                    existing.async()
                            .subscribe(channels.toArray(String[]::new))
                            .toCompletableFuture()
                            .get(RESUBSCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    subscriptions.remove(sentinel, existing);
                    existing.closeAsync();
                    throw new IllegalStateException("SUBSCRIBE failed (" + rootMessage(e) + ")", e);
                }
            }
            StatefulRedisPubSubConnection<String, String> connection = subscribe(sentinel);
            subscriptions.put(sentinel, connection);
            if (closed) { // close() ran meanwhile and missed this connection
                subscriptions.remove(sentinel, connection);
                connection.closeAsync();
                return;
            }
            if (reportedUnreachable.remove(sentinel)) {
                log.info("Subscribed to the events of sentinel {}", sentinel);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (reportedUnreachable.add(sentinel)) {
                log.warn("Cannot subscribe to the events of sentinel {}: {}; will retry", sentinel, e.getMessage());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** The sentinels currently subscribed to. */
    public Set<HostAndPort> subscribed() {
        return Set.copyOf(subscriptions.keySet());
    }

    private StatefulRedisPubSubConnection<String, String> subscribe(HostAndPort sentinel) {
        StatefulRedisPubSubConnection<String, String> connection = client.connectSentinelPubSub(sentinel);
        try {
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    deliver(new SentinelEvent(sentinel, channel, message, clock.instant()));
                }
            });
            connection.sync().subscribe(channels.toArray(String[]::new));
            return connection;
        } catch (RuntimeException e) {
            connection.closeAsync();
            throw e;
        }
    }

    private void deliver(SentinelEvent event) {
        if (closed) {
            return;
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.warn("Sentinel event listener failed on {} {}: {}", event.type(), event.message(), e.toString());
        }
    }

    /** Ends every subscription; does not wait for a {@link #subscribeMissing()} round in progress. */
    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        subscriptions.values().forEach(StatefulRedisPubSubConnection::closeAsync);
        subscriptions.clear();
    }
}

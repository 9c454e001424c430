package io.steward.server.internal;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.ha.sentinel.SentinelEvent;
import io.steward.ha.sentinel.SentinelEventStream;
import io.steward.monitor.history.Event;
import io.steward.monitor.history.EventKind;
import io.steward.monitor.history.HistoryStoreException;
import io.steward.monitor.history.MetricsHistory;
import io.steward.ops.config.StewardConfig;
import io.steward.server.collect.MasterTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the daemon learns of failovers as they happen rather than at its next round: in Sentinel mode
 * a subscription to every Sentinel's events ({@link SentinelEvent#FAILOVER_TYPES}), in cluster mode
 * a {@link ClusterSlotWatch} polled every {@link #CLUSTER_POLL}. Every event about the deployment is
 * recorded in the history; a switch not seen before (several Sentinels announce each switch) goes
 * to the listener, which alerts.
 *
 * <p>Events arrive on Lettuce's threads and are handed to a thread of this class at once, so a slow
 * history write never holds up Lettuce. Subscribing (which may wait on an unreachable Sentinel's
 * connect timeout) has a thread of its own, so it never delays an event either.
 */
final class FailoverEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverEvents.class);

    /** How often the cluster watch asks for {@code CLUSTER NODES}. */
    static final Duration CLUSTER_POLL = Duration.ofSeconds(1);

    /**
     * A switch seen for the first time.
     *
     * @param at        when it was received (Sentinel) or seen (cluster)
     * @param newMaster the new master; {@code null} for a cluster, where it concerns some slots only
     * @param detail    what happened, for people
     */
    record Switch(Instant at, HostAndPort newMaster, String detail) {}

    private final StewardConfig config;
    private final StewardClient client;
    private final Clock clock;
    private final MetricsHistory history;
    private final MasterTracker masters;
    private final Consumer<Switch> onSwitch;
    private final ScheduledThreadPoolExecutor events = executor("steward-failover-events");
    private final ScheduledThreadPoolExecutor subscriber = executor("steward-sentinel-subscriber");
    private volatile SentinelEventStream stream;
    /** Set first by {@link #close()}: a stream opened after it is closed by the task that opened it. */
    private volatile boolean closed;

    private ClusterSlotWatch clusterWatch;

    FailoverEvents(
            StewardConfig config,
            StewardClient client,
            Clock clock,
            MetricsHistory history,
            MasterTracker masters,
            Consumer<Switch> onSwitch) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.history = Objects.requireNonNull(history, "history");
        this.masters = Objects.requireNonNull(masters, "masters");
        this.onSwitch = Objects.requireNonNull(onSwitch, "onSwitch");
    }

    /** Subscribes to the Sentinels or starts the cluster watch, in the background; returns at once. */
    void start() {
        switch (config.topology().mode()) {
            case SENTINEL -> submit(subscriber, this::open);
            case CLUSTER -> {
                clusterWatch = new ClusterSlotWatch(client, config.topology().nodes(), CLUSTER_POLL);
                events.scheduleWithFixedDelay(
                        guarded(this::pollCluster), 0, CLUSTER_POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
            case STANDALONE -> {
                // nothing fails over
            }
        }
    }

    private void open() {
        SentinelEventStream opened = SentinelEventStream.open(
                client,
                config.topology().sentinels(),
                SentinelEvent.FAILOVER_TYPES,
                e -> submit(events, () -> handle(e)),
                clock);
        stream = opened;
        if (closed) { // close() ran while the stream was opened and found none to close
            opened.close();
        }
    }

    /** Tries again to subscribe to the Sentinels that could not be reached; returns at once. */
    void subscribeMissing() {
        SentinelEventStream s = stream;
        if (s != null && subscriber.getQueue().isEmpty()) {
            submit(subscriber, s::subscribeMissing);
        }
    }

    /** How many Sentinels are subscribed to now (0 outside Sentinel mode and before the first subscribe). */
    int subscribedSentinels() {
        SentinelEventStream s = stream;
        return s == null ? 0 : s.subscribed().size();
    }

    /** Whether Sentinel announcements can arrive: at least one Sentinel is subscribed to. */
    boolean announcing() {
        SentinelEventStream s = stream;
        return s != null && !s.subscribed().isEmpty();
    }

    /**
     * Calls {@code attempt} on this class's event thread until it returns true, at most {@code times}
     * times, {@code pause} apart.
     */
    void retry(BooleanSupplier attempt, int times, Duration pause) {
        submit(events, () -> {
            if (!attempt.getAsBoolean() && times > 1) {
                schedule(() -> retry(attempt, times - 1, pause), pause);
            }
        });
    }

    private void handle(SentinelEvent e) {
        String name = config.topology().masterName();
        if (!concerns(e, name)) {
            return;
        }
        if (SentinelEvent.SWITCH_MASTER.equals(e.type()) && e.newMaster().isPresent()) {
            HostAndPort to = e.newMaster().get();
            String detail = "master moved from " + oldMaster(e) + " to " + to + " (" + e.type() + " from sentinel "
                    + e.sentinel() + ")";
            // the alert goes out before the history write, which may wait on the disk
            if (masters.announce(to, e.receivedAt())) {
                onSwitch.accept(new Switch(e.receivedAt(), to, detail));
            }
            record(new Event(e.receivedAt(), EventKind.SWITCH_MASTER, to.toString(), detail));
        } else {
            record(new Event(
                    e.receivedAt(), EventKind.SENTINEL, e.sentinel().toString(), e.type() + " " + e.message()));
        }
    }

    /**
     * Whether {@code e} concerns the master {@code name}: a master event or switch naming it, an event
     * about one of its replicas or Sentinels ({@code ... @ name ip port}), or TILT, which stops the
     * Sentinel acting for every master.
     */
    static boolean concerns(SentinelEvent e, String name) {
        if (SentinelEvent.TILT.equals(e.type()) || e.isAboutMaster(name)) {
            return true;
        }
        List<String> words = Arrays.asList(e.message().trim().split("\\s+"));
        int at = words.indexOf("@");
        return at >= 0 && at + 1 < words.size() && name.equals(words.get(at + 1));
    }

    /** {@code host:port} of the old master in {@code +switch-master name oldIp oldPort newIp newPort}. */
    private static String oldMaster(SentinelEvent e) {
        String[] words = e.message().trim().split("\\s+");
        return words.length >= 3 ? words[1] + ":" + words[2] : "?";
    }

    private void pollCluster() {
        try {
            for (ClusterSlotWatch.SlotsMoved m : clusterWatch.poll()) {
                Instant at = clock.instant();
                String detail = "new master " + m.to() + " for slots " + m.slots() + " (was " + m.from() + ")";
                masters.failoverSeen(at, "to " + m.to() + " for slots " + m.slots() + " (was " + m.from() + ")");
                onSwitch.accept(new Switch(at, null, detail));
                record(new Event(at, EventKind.FAILOVER, m.to().toString(), detail));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a failed poll must not cancel the schedule; the next one asks again
            LOG.warn("cluster watch failed: {}", e.toString());
        }
    }

    private void record(Event event) {
        try {
            history.recordEvent(event);
        } catch (HistoryStoreException e) {
            LOG.warn("cannot record {} event: {}", event.kind(), e.getMessage());
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            events.schedule(guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("closed; not scheduling {}", task);
        }
    }

    private static void submit(ScheduledThreadPoolExecutor executor, Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("closed; dropping {}", task);
        }
    }

    /**
     * {@code task} with its failures logged: the executor would keep them in a future nobody reads.
     * Work rejected after {@link #close()} is dropped quietly.
     */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RejectedExecutionException e) {
                LOG.debug("closed; dropping work: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("failover event task failed: {}", e.toString(), e);
            }
        };
    }

    private static ScheduledThreadPoolExecutor executor(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Ends the subscriptions and the cluster watch; events still queued are dropped. */
    @Override
    public void close() {
        closed = true;
        subscriber.shutdownNow();
        events.shutdownNow();
        try {
            subscriber.awaitTermination(5, TimeUnit.SECONDS);
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SentinelEventStream s = stream;
        if (s != null) {
            s.close();
        }
        if (clusterWatch != null) {
            clusterWatch.close();
        }
    }
}

package io.steward.spring.boot.actuate;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.steward.AuthenticationFailedException;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.PermissionDeniedException;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Asks single nodes and sentinels for what the health check needs, on connections of its own that it
 * keeps between checks. A question runs on a thread of the probes and the caller waits for it at most
 * until its deadline; a question still running for a node (a paused one, say) is not asked again but
 * awaited, so at most one thread per node and question is ever busy.
 *
 * <p>The probe connections do not reconnect by themselves: one that loses its link is closed, and the
 * next question to that endpoint opens a new one (so a node that refuses connections is reported as
 * unreachable, not as slow, and nothing retries in the background for a node no check asks about).
 * {@link #dropUnaskedSince} closes the connections to endpoints the last check did not ask, such as a
 * replica that has left. Thread-safe.
 */
final class NodeProbes implements AutoCloseable {

    private final StewardClient client;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "steward-health-probe");
        t.setDaemon(true);
        return t;
    });
    private final Map<HostAndPort, Probe<StatefulRedisConnection<String, String>>> nodes = new ConcurrentHashMap<>();
    private final Map<HostAndPort, Probe<StatefulRedisSentinelConnection<String, String>>> sentinels =
            new ConcurrentHashMap<>();
    /** When each endpoint was last asked about ({@link System#nanoTime()}). */
    private final Map<HostAndPort, Long> asked = new ConcurrentHashMap<>();

    private final Map<String, CompletableFuture<?>> inFlight = new HashMap<>();
    private volatile boolean closed;

    NodeProbes(StewardClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** {@code INFO <section>} of one data node. */
    CompletableFuture<String> info(HostAndPort node, String section) {
        return ask(node, "info " + section, () -> node(node).sync().info(section));
    }

    /** {@code CLUSTER INFO} of one cluster node. */
    CompletableFuture<String> clusterInfo(HostAndPort node) {
        return ask(node, "cluster info", () -> node(node).sync().clusterInfo());
    }

    /** {@code CLUSTER NODES} of one cluster node. */
    CompletableFuture<String> clusterNodes(HostAndPort node) {
        return ask(node, "cluster nodes", () -> node(node).sync().clusterNodes());
    }

    /** {@code SENTINEL REPLICAS <master>} of one sentinel. */
    CompletableFuture<List<Map<String, String>>> sentinelReplicas(HostAndPort sentinel, String masterName) {
        return ask(
                sentinel, "sentinel replicas", () -> sentinel(sentinel).sync().replicas(masterName));
    }

    /**
     * The answer of {@code question} if it comes before {@code deadlineNanos} ({@link System#nanoTime()}),
     * otherwise why not, in words that never hold a secret.
     */
    <T> Answer<T> await(CompletableFuture<T> question, long deadlineNanos) {
        try {
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            return Answer.of(question.get(left, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Answer.failed("did not answer within " + timeout.toMillis() + " ms", false, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.failed("health check interrupted", false, false);
        } catch (ExecutionException e) {
            return Answer.failure(e.getCause());
        }
    }

    @Override
    public void close() {
        synchronized (inFlight) {
            closed = true;
        }
        executor.shutdownNow();
        nodes.values().forEach(Probe::close);
        sentinels.values().forEach(Probe::close);
        nodes.clear();
        sentinels.clear();
    }

    /**
     * Closes the connections to the endpoints not asked about since {@code startNanos} (the start of the
     * check that just ended): a replica that has left or a node no longer in the cluster is not kept.
     */
    void dropUnaskedSince(long startNanos) {
        asked.entrySet().removeIf(e -> {
            if (e.getValue() - startNanos >= 0) {
                return false;
            }
            Probe<?> node = nodes.remove(e.getKey());
            Probe<?> sentinel = sentinels.remove(e.getKey());
            if (node != null) {
                node.close();
            }
            if (sentinel != null) {
                sentinel.close();
            }
            return true;
        });
    }

    /** The probe connections to data nodes, by endpoint, open or not; for tests. */
    Map<HostAndPort, StatefulConnection<String, String>> nodeConnections() {
        Map<HostAndPort, StatefulConnection<String, String>> kept = new HashMap<>();
        nodes.forEach((endpoint, probe) -> {
            StatefulConnection<String, String> connection = probe.current();
            if (connection != null) {
                kept.put(endpoint, connection);
            }
        });
        return kept;
    }

    private <T> CompletableFuture<T> ask(HostAndPort endpoint, String question, Supplier<T> answer) {
        asked.put(endpoint, System.nanoTime());
        String key = question + " " + endpoint;
        CompletableFuture<T> next;
        synchronized (inFlight) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the health check is closed"));
            }
            CompletableFuture<?> running = inFlight.get(key);
            if (running != null && !running.isDone()) {
                @SuppressWarnings("unchecked")
                CompletableFuture<T> same = (CompletableFuture<T>) running;
                return same;
            }
            next = CompletableFuture.supplyAsync(answer, executor);
            inFlight.put(key, next);
        }
        // outside the lock: when the question is already done, this runs here and now
        next.whenComplete((value, failure) -> {
            synchronized (inFlight) {
                inFlight.remove(key, next);
            }
        });
        return next;
    }

    private StatefulRedisConnection<String, String> node(HostAndPort node) {
        return nodes.computeIfAbsent(node, e -> new Probe<>()).connection(node, client::connectNode, timeout);
    }

    private StatefulRedisSentinelConnection<String, String> sentinel(HostAndPort sentinel) {
        return sentinels
                .computeIfAbsent(sentinel, e -> new Probe<>())
                .connection(sentinel, client::connectSentinel, timeout);
    }

    /**
     * The connection to one endpoint, opened on first use and again once it has been closed. Opening
     * (which may wait for a paused node) holds this probe's lock only, never the map's.
     */
    private static final class Probe<C extends StatefulConnection<String, String>> {
        private C connection; // guarded by this
        private boolean dropped; // guarded by this

        synchronized C connection(HostAndPort endpoint, Function<HostAndPort, C> open, Duration timeout) {
            if (dropped) {
                throw new IllegalStateException("the probe of " + endpoint + " was dropped");
            }
            if (connection != null && connection.isOpen()) {
                return connection;
            }
            if (connection != null) {
                connection.closeAsync();
            }
            C opened = open.apply(endpoint);
            opened.setTimeout(timeout);
            closeOnDisconnect(opened);
            connection = opened;
            return opened;
        }

        synchronized C current() {
            return connection;
        }

        synchronized void close() {
            dropped = true;
            if (connection != null) {
                connection.closeAsync();
                connection = null;
            }
        }

        /**
         * Lettuce would reconnect a probe connection forever in the background; closing it when its
         * link drops leaves reconnecting to the next question.
         */
        private static void closeOnDisconnect(StatefulConnection<String, String> connection) {
            if (connection instanceof RedisChannelHandler<?, ?> handler) {
                handler.addListener(new RedisConnectionStateListener() {
                    @Override
                    public void onRedisDisconnected(RedisChannelHandler<?, ?> disconnected) {
                        disconnected.closeAsync();
                    }
                });
                if (!handler.isOpen()) {
                    handler.closeAsync();
                }
            }
        }
    }

    /**
     * What a question got: a value, or why not. {@code refused} tells that the node could not be reached
     * at all (as opposed to slow), {@code rejected} that it refused the credentials (not: that the user lacks the permission for the
     * question, which the node answers once authenticated).
     */
    record Answer<T>(T value, String problem, boolean refused, boolean rejected) {

        static <T> Answer<T> of(T value) {
            return new Answer<>(value, null, false, false);
        }

        static <T> Answer<T> failed(String problem, boolean refused, boolean rejected) {
            return new Answer<>(null, problem, refused, rejected);
        }

        static <T> Answer<T> failure(Throwable cause) {
            if (cause instanceof AuthenticationFailedException) {
                return failed(cause.getMessage(), false, true);
            }
            if (cause instanceof PermissionDeniedException) {
                // authenticated, but the user may not ask this: the node is there, the check is blind to it
                return failed(cause.getMessage(), false, false);
            }
            if (cause instanceof ConnectionFailedException failed) {
                return failed(cause.getMessage(), failed.reason() != ConnectionFailedException.Reason.TIMED_OUT, false);
            }
            if (cause instanceof RedisCommandTimeoutException) {
                return failed("did not answer in time", false, false);
            }
            if (cause instanceof StewardException) {
                return failed(cause.getMessage(), false, false);
            }
            return failed(cause.getClass().getSimpleName(), false, false);
        }

        boolean answered() {
            return problem == null;
        }
    }
}

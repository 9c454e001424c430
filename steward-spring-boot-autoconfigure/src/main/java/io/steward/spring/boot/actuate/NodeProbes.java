package io.steward.spring.boot.actuate;

import io.lettuce.core.RedisCommandTimeoutException;
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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Asks single nodes and sentinels for what the health check needs, on connections of its own that it
 * keeps between checks. A question runs on a thread of the probes and the caller waits for it at most
 * until its deadline; a question still running for a node (a paused one, say) is not asked again but
 * awaited, so at most one thread per node and question is ever busy. Thread-safe.
 */
final class NodeProbes implements AutoCloseable {

    private final StewardClient client;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "steward-health-probe");
        t.setDaemon(true);
        return t;
    });
    private final Map<HostAndPort, StatefulRedisConnection<String, String>> nodes = new ConcurrentHashMap<>();
    private final Map<HostAndPort, StatefulRedisSentinelConnection<String, String>> sentinels =
            new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<?>> inFlight = new HashMap<>();
    private volatile boolean closed;

    NodeProbes(StewardClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** {@code INFO <section>} of one data node. */
    CompletableFuture<String> info(HostAndPort node, String section) {
        return ask("info " + section + " " + node, () -> node(node).sync().info(section));
    }

    /** {@code CLUSTER INFO} of one cluster node. */
    CompletableFuture<String> clusterInfo(HostAndPort node) {
        return ask("cluster info " + node, () -> node(node).sync().clusterInfo());
    }

    /** {@code CLUSTER NODES} of one cluster node. */
    CompletableFuture<String> clusterNodes(HostAndPort node) {
        return ask("cluster nodes " + node, () -> node(node).sync().clusterNodes());
    }

    /** {@code SENTINEL REPLICAS <master>} of one sentinel. */
    CompletableFuture<List<Map<String, String>>> sentinelReplicas(HostAndPort sentinel, String masterName) {
        return ask(
                "sentinel replicas " + sentinel, () -> sentinel(sentinel).sync().replicas(masterName));
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
        nodes.values().forEach(StatefulRedisConnection::closeAsync);
        sentinels.values().forEach(StatefulRedisSentinelConnection::closeAsync);
        nodes.clear();
        sentinels.clear();
    }

    private <T> CompletableFuture<T> ask(String key, Supplier<T> question) {
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
            next = CompletableFuture.supplyAsync(question, executor);
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
        return connection(nodes, node, client::connectNode, c -> c.setTimeout(timeout));
    }

    private StatefulRedisSentinelConnection<String, String> sentinel(HostAndPort sentinel) {
        return connection(sentinels, sentinel, client::connectSentinel, c -> c.setTimeout(timeout));
    }

    /**
     * The kept connection to {@code endpoint}, opened on first use and again once it is no longer open:
     * Lettuce would queue a question on a disconnected connection until it times out, and a node that
     * refuses connections must be reported as unreachable, not as slow.
     */
    private static <C extends StatefulConnection<String, String>> C connection(
            Map<HostAndPort, C> kept, HostAndPort endpoint, Function<HostAndPort, C> open, Consumer<C> setUp) {
        // compute: two questions to one node (INFO and CLUSTER INFO) must not open two connections and
        // close the one the other is using
        return kept.compute(endpoint, (e, connection) -> {
            if (connection != null && connection.isOpen()) {
                return connection;
            }
            if (connection != null) {
                connection.closeAsync();
            }
            C opened = open.apply(e);
            setUp.accept(opened);
            return opened;
        });
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

package io.steward.ha.drill;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.steward.ConnectionFailedException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Pipelined reads and deletes on one node, roles, and naming errors; shared by both topologies. */
final class NodeOps {

    /** Commands sent before their replies are awaited: enough to fill the pipe, little memory. */
    static final int BATCH = 1000;

    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

    private NodeOps() {}

    /**
     * How many of {@code keys} the node does not hold with their expected value. Pipelined GETs
     * rather than MGET: in a cluster, keys of different slots cannot share one MGET.
     */
    static long countMissing(StatefulRedisConnection<String, String> connection, List<String> keys) {
        RedisAsyncCommands<String, String> async = connection.async();
        long missing = 0;
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
            List<RedisFuture<String>> replies = new ArrayList<>(batch.size());
            for (String key : batch) {
                replies.add(async.get(key));
            }
            for (int i = 0; i < batch.size(); i++) {
                String value = await(replies.get(i));
                if (!Objects.equals(value, WriterResult.expectedValue(batch.get(i)))) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /**
     * How many of {@code keys} the deployment does not hold with their expected value, each read from
     * the master {@link DrillTopology#byMaster} names for it.
     */
    static long countMissing(StewardClient client, DrillTopology topology, List<String> keys) {
        long missing = 0;
        for (Map.Entry<HostAndPort, List<String>> owned :
                topology.byMaster(keys).entrySet()) {
            try (StatefulRedisConnection<String, String> c = client.connectNode(owned.getKey())) {
                missing += countMissing(c, owned.getValue());
            }
        }
        return missing;
    }

    /** Deletes {@code keys} on the masters serving them, best effort: whatever is left expires by itself. */
    static void deleteAll(StewardClient client, DrillTopology topology, List<String> keys) {
        try {
            for (Map.Entry<HostAndPort, List<String>> owned :
                    topology.byMaster(keys).entrySet()) {
                try (StatefulRedisConnection<String, String> c = client.connectNode(owned.getKey())) {
                    delete(c, owned.getValue());
                }
            }
        } catch (RuntimeException e) {
            // best effort: the keys expire after an hour anyway
        }
    }

    /**
     * Waits up to {@code grace} for {@code thread} to end, then interrupts it and waits up to
     * {@code grace} again. Keeps the caller's interrupt flag (and then interrupts the thread at once).
     *
     * @return whether the thread has ended
     */
    static boolean stopThread(Thread thread, Duration grace) {
        boolean interrupted = false;
        for (int attempt = 0; attempt < 2 && thread.isAlive(); attempt++) {
            if (attempt > 0 || interrupted) {
                thread.interrupt();
            }
            try {
                thread.join(Math.max(1, grace.toMillis()));
            } catch (InterruptedException e) {
                interrupted = true;
                thread.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** Unlinks {@code keys} with pipelined single-key commands (cluster-safe); failures are left to expiry. */
    static void delete(StatefulRedisConnection<String, String> connection, List<String> keys) {
        RedisAsyncCommands<String, String> async = connection.async();
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<RedisFuture<Long>> replies = new ArrayList<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + BATCH))) {
                replies.add(async.unlink(key));
            }
            for (RedisFuture<Long> reply : replies) {
                try {
                    await(reply);
                } catch (RuntimeException e) {
                    // best effort: the keys expire after an hour anyway
                }
            }
        }
    }

    /** Whether {@code node} answers ROLE as a replica of {@code master} with its link up; false when unreachable. */
    static boolean isConnectedReplicaOf(StewardClient client, HostAndPort node, HostAndPort master) {
        try (StatefulRedisConnection<String, String> connection = client.connectNode(node)) {
            List<Object> role = connection.sync().role();
            return role.size() >= 4
                    && "slave".equals(String.valueOf(role.get(0)))
                    && master.port() == Integer.parseInt(String.valueOf(role.get(2)))
                    && sameHost(master.host(), String.valueOf(role.get(1)))
                    && "connected".equals(String.valueOf(role.get(3)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Loopback names are interchangeable: Redis reports what it was told, which may be either. */
    static boolean sameHost(String a, String b) {
        return a.equalsIgnoreCase(b) || Locality.isLoopback(a) && Locality.isLoopback(b);
    }

    /**
     * A short name for why a write failed: the Redis error code ({@code NOREPLICAS}, {@code READONLY},
     * {@code MOVED}), or {@code TIMEOUT}, {@code DISCONNECTED}.
     */
    static String errorCode(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof RedisCommandTimeoutException || t instanceof TimeoutException) {
            return "TIMEOUT";
        }
        if (t instanceof RedisConnectionException || t instanceof ConnectionFailedException) {
            return "DISCONNECTED";
        }
        String message = t.getMessage() == null ? "" : t.getMessage().trim();
        if (t instanceof RedisCommandExecutionException && !message.isEmpty()) {
            return message.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("closed") || lower.contains("not connected") || lower.contains("disconnected")) {
            return "DISCONNECTED";
        }
        return t.getClass().getSimpleName();
    }

    /** Sleeps, keeping the interrupt: a drill being stopped ends its loops at the next check. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("failover drill interrupted", e);
        }
    }

    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("failover drill interrupted", e);
        } catch (ExecutionException e) {
            throw new StewardException("reading keys back failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new StewardException("reading keys back timed out after " + BATCH_TIMEOUT.toSeconds() + " s", e);
        }
    }
}

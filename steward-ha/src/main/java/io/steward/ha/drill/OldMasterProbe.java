package io.steward.ha.drill;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps writing keys of its own straight to the old master's address during a run, to count the
 * writes it still acknowledged after the switch (writes that are lost when it rejoins as a replica)
 * and to name what it answered instead ({@code NOREPLICAS}, {@code READONLY}, ...). One write is in
 * flight at a time, so a paused master holds one write, which completes when it resumes.
 */
final class OldMasterProbe {

    private static final Duration PAUSE = Duration.ofMillis(20);
    private static final Duration SLICE = Duration.ofMillis(50);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final StewardClient client;
    private final HostAndPort oldMaster;
    private final String keyBase;
    private final Clock clock;
    private final Thread thread;
    private final List<Long> acceptedAt = new ArrayList<>();
    private final Map<String, Long> refusals = new TreeMap<>();
    private volatile boolean running = true;
    private long attempts;

    private OldMasterProbe(StewardClient client, HostAndPort oldMaster, String keyBase, Clock clock) {
        this.client = client;
        this.oldMaster = oldMaster;
        this.keyBase = keyBase;
        this.clock = clock;
        this.thread = new Thread(this::run, "drill-old-master-probe");
        thread.setDaemon(true);
    }

    /** Starts probing {@code oldMaster} with keys {@code keyBase:<n>} (which must belong to its slots). */
    static OldMasterProbe start(StewardClient client, HostAndPort oldMaster, String keyBase, Clock clock) {
        OldMasterProbe probe = new OldMasterProbe(client, oldMaster, keyBase, clock);
        probe.thread.start();
        return probe;
    }

    private void run() {
        StatefulRedisConnection<String, String> connection = null;
        try {
            while (running) {
                if (connection == null) {
                    try {
                        connection = client.connectNode(oldMaster);
                    } catch (RuntimeException e) {
                        refused(e);
                        Thread.sleep(PAUSE.toMillis());
                        continue;
                    }
                }
                String key;
                synchronized (this) {
                    key = keyBase + ":" + attempts++;
                }
                RedisFuture<String> reply =
                        connection.async().set(key, "probe", SetArgs.Builder.px(DrillWriters.KEY_TTL.toMillis()));
                awaitReply(reply);
                Thread.sleep(PAUSE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.closeAsync();
            }
        }
    }

    /** Waits in slices, so a stop is noticed, for as long as the write is pending (a paused master). */
    private void awaitReply(RedisFuture<String> reply) throws InterruptedException {
        while (true) {
            try {
                reply.get(SLICE.toMillis(), TimeUnit.MILLISECONDS);
                long now = clock.millis();
                synchronized (this) {
                    acceptedAt.add(now);
                }
                return;
            } catch (ExecutionException e) {
                refused(e.getCause());
                return;
            } catch (TimeoutException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private synchronized void refused(Throwable e) {
        refusals.merge(NodeOps.errorCode(e), 1L, Long::sum);
    }

    /**
     * Stops probing and waits for the thread, interrupting it and waiting again when it does not end
     * (it notices a stop within one {@link #SLICE} or one connect). Idempotent.
     *
     * @return whether the thread has ended; while it runs, its counts may still change
     */
    boolean stop() {
        running = false;
        return NodeOps.stopThread(thread, STOP_GRACE);
    }

    /** Writes acknowledged at or after {@code millis}. */
    synchronized long acceptedSince(long millis) {
        return acceptedAt.stream().filter(t -> t >= millis).count();
    }

    /** What the old master answered instead of OK, by error code. */
    synchronized Map<String, Long> refusals() {
        return Map.copyOf(refusals);
    }

    /** Every key the probe tried, for cleaning up. */
    synchronized List<String> triedKeys() {
        List<String> keys = new ArrayList<>();
        for (long n = 0; n < attempts; n++) {
            keys.add(keyBase + ":" + n);
        }
        return keys;
    }
}

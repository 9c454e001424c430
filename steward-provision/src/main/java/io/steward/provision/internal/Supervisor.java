package io.steward.provision.internal;

import io.steward.HostAndPort;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.TopologyMode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts nodes that exit without being asked to. Replicas and Sentinels come back after a
 * back-off (1 s, doubling per restart within a minute, at most 30 s). A crashed master comes back
 * only after the failover it causes: in sentinel mode when the Sentinels name another master (it
 * then starts as that master's replica), in cluster mode when a replica has taken its slots (it
 * then rejoins as a replica by itself). Waiting is bounded; past the bound the node is restarted
 * as it was.
 */
public final class Supervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DeploymentPlan plan;
    private final AdminLink admin;
    private final ReadinessProbe probe;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Deque<Long>> restarts = new ConcurrentHashMap<>();
    private final Duration failoverBound;
    private volatile boolean running = true;

    public Supervisor(DeploymentPlan plan, AdminLink admin) {
        this.plan = plan;
        this.admin = admin;
        this.probe = new ReadinessProbe(plan, admin);
        this.failoverBound = plan.profile().downAfter().multipliedBy(4).plusSeconds(30);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "steward-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching {@code node}; call after each start or adoption. */
    public void watch(NodeProcess node) {
        node.handle().ifPresent(h -> h.onExit().thenRun(() -> {
            if (running) {
                LOG.warn("{} exited unexpectedly; restarting", node.name());
                scheduler.execute(() -> recover(node, RecoveryState.start(node, wasMaster(node))));
            }
        }));
    }

    private record RecoveryState(long startedNanos, boolean wasMaster) {
        static RecoveryState start(NodeProcess node, boolean wasMaster) {
            return new RecoveryState(System.nanoTime(), wasMaster);
        }
    }

    private boolean wasMaster(NodeProcess node) {
        if (node.isSentinel()) {
            return false;
        }
        try {
            return switch (plan.mode()) {
                case STANDALONE -> false;
                case SENTINEL ->
                    probe.sentinelMaster().map(node.endpoint()::equals).orElse(false);
                case CLUSTER -> ownsSlots(node.endpoint());
            };
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** One step of recovery; reschedules itself while a failover is still pending. */
    private void recover(NodeProcess node, RecoveryState state) {
        if (!running || node.isRunning()) {
            return;
        }
        boolean bounded = System.nanoTime() - state.startedNanos() > failoverBound.toNanos();
        if (state.wasMaster() && !bounded && !failoverDone(node)) {
            scheduler.schedule(() -> recover(node, state), POLL.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Duration delay = state.wasMaster() ? Duration.ZERO : backoff(node);
        scheduler.schedule(() -> restart(node), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean failoverDone(NodeProcess node) {
        try {
            return switch (plan.mode()) {
                case SENTINEL ->
                    probe.sentinelMaster()
                            .filter(m -> !m.equals(node.endpoint()))
                            .isPresent();
                case CLUSTER -> !ownsSlots(node.endpoint());
                case STANDALONE -> true;
            };
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether another live node's view shows {@code endpoint} as a master owning slots. */
    private boolean ownsSlots(HostAndPort endpoint) {
        for (HostAndPort other : plan.redisNodes()) {
            if (other.equals(endpoint)) {
                continue;
            }
            try {
                for (String line : admin.text(other, "CLUSTER", "NODES").split("\n")) {
                    String[] f = line.trim().split(" ");
                    if (f.length >= 8 && f[1].startsWith(endpoint.host() + ":" + endpoint.port() + "@")) {
                        return f[2].contains("master") && f.length > 8;
                    }
                }
            } catch (RuntimeException e) {
                // that node is down too; ask the next one
            }
        }
        return false;
    }

    private Duration backoff(NodeProcess node) {
        Deque<Long> times = restarts.computeIfAbsent(node.name(), k -> new ArrayDeque<>());
        long now = System.nanoTime();
        while (!times.isEmpty()
                && now - times.peekFirst() > Duration.ofMinutes(1).toNanos()) {
            times.pollFirst();
        }
        times.addLast(now);
        long millis = FIRST_BACKOFF.toMillis() << Math.min(times.size() - 1, 5);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private void restart(NodeProcess node) {
        if (!running || node.isRunning()) {
            return;
        }
        try {
            node.start(restartArgs(node));
            LOG.warn("{} restarted", node.name());
            watch(node);
        } catch (RuntimeException e) {
            LOG.error("{} could not be restarted: {}", node.name(), e.getMessage());
            scheduler.schedule(() -> restart(node), backoff(node).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private List<String> restartArgs(NodeProcess node) {
        if (node.isSentinel() || plan.mode() != TopologyMode.SENTINEL) {
            return List.of();
        }
        Optional<HostAndPort> master;
        try {
            master = probe.sentinelMaster();
        } catch (RuntimeException e) {
            master = Optional.empty();
        }
        return master.filter(m -> !m.equals(node.endpoint()))
                .map(m -> List.of("--replicaof", m.host(), String.valueOf(m.port())))
                .orElse(List.of());
    }

    /** Stops restarting nodes; running nodes are left as they are. */
    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
        try {
            // a restart under way finishes before the caller stops the nodes, so it cannot orphan one
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

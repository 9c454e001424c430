package io.steward.provision.internal;

import io.steward.HostAndPort;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.ProvisionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Decides whether a deployment is ready: each call to {@link #missing()} returns what is not yet
 * true, or empty when everything is. Sentinel: the master has every replica online, every Sentinel
 * names the same master, sees the replicas and the other Sentinels, and CKQUORUM passes. Cluster:
 * every node reports {@code cluster_state:ok} with all 16384 slots assigned and knows every node,
 * and every replica's link is up.
 */
public final class ReadinessProbe {

    private static final Duration POLL = Duration.ofMillis(100);

    private final DeploymentPlan plan;
    private final AdminLink admin;

    public ReadinessProbe(DeploymentPlan plan, AdminLink admin) {
        this.plan = plan;
        this.admin = admin;
    }

    /**
     * Polls until ready.
     *
     * @param abort checked each round; when it returns true the wait ends early (a node died)
     * @throws ProvisionException when not ready within {@code timeout}, naming what is missing
     */
    public void await(Duration timeout, BooleanSupplier abort) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "nothing checked yet";
        while (System.nanoTime() < deadline && !abort.getAsBoolean()) {
            Optional<String> missing = missing();
            if (missing.isEmpty()) {
                return;
            }
            last = missing.get();
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisionException("interrupted while waiting for the topology to become healthy", e);
            }
        }
        throw new ProvisionException("topology not healthy after " + timeout.toSeconds() + " s: " + last);
    }

    /** What is not ready yet, or empty when the deployment is ready. */
    public Optional<String> missing() {
        try {
            return switch (plan.mode()) {
                case STANDALONE -> nodeLoaded(plan.redisNodes().get(0));
                case SENTINEL -> sentinelMissing();
                case CLUSTER -> clusterMissing();
            };
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private Optional<String> nodeLoaded(HostAndPort node) {
        Map<String, String> info = InfoFields.parse(admin.text(node, "INFO", "persistence"));
        return "0".equals(info.get("loading")) ? Optional.empty() : Optional.of(node + " is loading its data");
    }

    /** The master Sentinels agree on, or empty when they do not (yet). */
    public Optional<HostAndPort> sentinelMaster() {
        HostAndPort agreed = null;
        for (HostAndPort sentinel : plan.sentinels()) {
            List<Object> addr = admin.list(sentinel, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", plan.masterName());
            if (addr.size() != 2) {
                return Optional.empty();
            }
            HostAndPort named =
                    HostAndPort.of(String.valueOf(addr.get(0)), Integer.parseInt(String.valueOf(addr.get(1))));
            if (agreed != null && !agreed.equals(named)) {
                return Optional.empty();
            }
            agreed = named;
        }
        return Optional.ofNullable(agreed);
    }

    private Optional<String> sentinelMissing() {
        Optional<HostAndPort> master = sentinelMaster();
        if (master.isEmpty()) {
            return Optional.of("sentinels do not agree on the master yet");
        }
        int replicas = plan.redisNodes().size() - 1;
        Map<String, String> repl = InfoFields.parse(admin.text(master.get(), "INFO", "replication"));
        if (!"master".equals(repl.get("role"))) {
            return Optional.of(master.get() + " is named master by the sentinels but reports role " + repl.get("role"));
        }
        int online = 0;
        for (int i = 0; i < replicas; i++) {
            String line = repl.get("slave" + i);
            if (line != null && "online".equals(InfoFields.parseList(line).get("state"))) {
                online++;
            }
        }
        if (online < replicas) {
            return Optional.of(online + " of " + replicas + " replicas of " + master.get() + " are in sync");
        }
        for (HostAndPort sentinel : plan.sentinels()) {
            Map<String, String> state = pairs(admin.list(sentinel, "SENTINEL", "MASTER", plan.masterName()));
            if (!"master".equals(state.get("flags"))) {
                return Optional.of("sentinel " + sentinel + " flags the master " + state.get("flags"));
            }
            if (Integer.parseInt(state.getOrDefault("num-slaves", "0")) < replicas) {
                return Optional.of(
                        "sentinel " + sentinel + " sees " + state.get("num-slaves") + " of " + replicas + " replicas");
            }
            int others = plan.sentinels().size() - 1;
            if (Integer.parseInt(state.getOrDefault("num-other-sentinels", "0")) < others) {
                return Optional.of("sentinel " + sentinel + " sees " + state.get("num-other-sentinels") + " of "
                        + others + " other sentinels");
            }
            String quorum = admin.text(sentinel, "SENTINEL", "CKQUORUM", plan.masterName());
            if (!quorum.startsWith("OK")) {
                return Optional.of("sentinel " + sentinel + " CKQUORUM: " + quorum);
            }
        }
        return Optional.empty();
    }

    private Optional<String> clusterMissing() {
        for (HostAndPort node : plan.redisNodes()) {
            Map<String, String> info = InfoFields.parse(admin.text(node, "CLUSTER", "INFO"));
            if (!"ok".equals(info.get("cluster_state"))) {
                return Optional.of(node + " cluster_state:" + info.get("cluster_state"));
            }
            if (!"16384".equals(info.get("cluster_slots_assigned"))) {
                return Optional.of(node + " sees " + info.get("cluster_slots_assigned") + " of 16384 slots assigned");
            }
            if (!String.valueOf(plan.redisNodes().size()).equals(info.get("cluster_known_nodes"))) {
                return Optional.of(node + " knows " + info.get("cluster_known_nodes") + " nodes");
            }
            Map<String, String> repl = InfoFields.parse(admin.text(node, "INFO", "replication"));
            if ("slave".equals(repl.get("role")) && !"up".equals(repl.get("master_link_status"))) {
                return Optional.of(node + " replication link is " + repl.get("master_link_status"));
            }
        }
        return Optional.empty();
    }

    /** Turns a flat {@code [k1, v1, k2, v2, ...]} reply into a map. */
    static Map<String, String> pairs(List<Object> reply) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            out.put(String.valueOf(reply.get(i)), String.valueOf(reply.get(i + 1)));
        }
        return out;
    }
}

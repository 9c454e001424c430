package io.steward.spring.boot.actuate;

import io.steward.ConfigException;
import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.client.cache.CacheHealth;
import io.steward.client.cache.StewardCache;
import io.steward.spring.boot.actuate.NodeProbes.Answer;
import io.steward.spring.boot.actuate.StewardHealth.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Checks the Steward deployment the application talks to, within a short bound, and says how the
 * application can serve: see {@link Status} for what each verdict means.
 *
 * <ul>
 *   <li>STANDALONE and SENTINEL: the master the client uses ({@code INFO replication}: it answers and
 *       is a master); its replicas (in SENTINEL mode as the sentinels list them, so a replica that is
 *       gone still counts, else as the master lists them), each in sync when it answers with
 *       {@code master_link_status:up} and {@code master_last_io_seconds_ago} at most the allowed lag.
 *   <li>CLUSTER: every node a seed lists in {@code CLUSTER NODES}, masters answering, replicas in sync
 *       as above, and {@code CLUSTER INFO}: {@code cluster_state} and {@code cluster_slots_ok} of 16384
 *       (the worst any node reports).
 *   <li>The cache circuit ({@link StewardCache#health()}), when the application has a cache.
 * </ul>
 *
 * <p>Every question to Redis goes to a connection of the check's own and is awaited at most
 * {@code timeout} in all, so a paused node makes the check answer DEGRADED in about {@code timeout},
 * never hang. Details hold endpoints, roles, counts and error descriptions, never credentials.
 * Thread-safe; close it to close its connections.
 */
public final class StewardHealthCheck implements AutoCloseable {

    /** Slots of a Redis Cluster. */
    public static final int CLUSTER_SLOTS = 16384;

    private final StewardClient client;
    private final StewardCache cache;
    private final Duration timeout;
    private final long replicaMaxLagSeconds;
    private final NodeProbes probes;

    /**
     * @param cache         the application's cache, or {@code null} when it has none
     * @param timeout       how long one check may wait for Redis in all
     * @param replicaMaxLag how far behind ({@code master_last_io_seconds_ago}) a replica may be and still
     *                      count as in sync
     * @throws ConfigException naming {@code timeout} or {@code replicaMaxLag} when it is not positive
     */
    public StewardHealthCheck(StewardClient client, StewardCache cache, Duration timeout, Duration replicaMaxLag) {
        this.client = Objects.requireNonNull(client, "client");
        this.cache = cache;
        this.timeout = positive(timeout, "timeout");
        this.replicaMaxLagSeconds = positive(replicaMaxLag, "replicaMaxLag").toSeconds();
        this.probes = new NodeProbes(client, timeout);
    }

    /** Runs the check; returns within about the timeout whatever Redis does. */
    public StewardHealth check() {
        long started = System.nanoTime();
        try {
            return check(started + timeout.toNanos());
        } finally {
            probes.dropUnaskedSince(started);
        }
    }

    /** The probes of this check; for tests. */
    NodeProbes probes() {
        return probes;
    }

    private StewardHealth check(long deadline) {
        ClientOptions options = client.options();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", options.mode().name().toLowerCase(Locale.ROOT));
        List<String> problems = new ArrayList<>();
        Reach reach = options.mode() == Mode.CLUSTER
                ? checkCluster(deadline, details, problems)
                : checkMasterAndReplicas(options, deadline, details, problems);
        if (cache != null) {
            CacheHealth cacheHealth = cache.health();
            String circuit = cache.stats().circuitState();
            details.put("cache", cacheHealth.name());
            details.put("circuit", circuit);
            if (cacheHealth == CacheHealth.DOWN) {
                problems.add("the Steward cache is closed");
            } else if (cacheHealth != CacheHealth.UP) {
                problems.add("cache circuit " + circuit.toLowerCase(Locale.ROOT)
                        + ": reads come from the near cache and the loader");
            }
        }
        if (!problems.isEmpty()) {
            details.put("problems", List.copyOf(problems));
        }
        Status status;
        if (reach.down()) {
            status = Status.DOWN;
        } else {
            status = problems.isEmpty() ? Status.UP : Status.DEGRADED;
        }
        return new StewardHealth(status, details);
    }

    @Override
    public void close() {
        probes.close();
    }

    private Reach checkMasterAndReplicas(
            ClientOptions options, long deadline, Map<String, Object> details, List<String> problems) {
        HostAndPort master = masterOf(options);
        if (master == null) {
            details.put("master", "unknown");
            problems.add("the client has no master connection");
        } else {
            details.put("master", master.toString());
        }
        CompletableFuture<String> masterInfo = master == null
                ? CompletableFuture.failedFuture(new IllegalStateException("no master"))
                : probes.info(master, "replication");
        List<CompletableFuture<List<Map<String, String>>>> sentinelAnswers = new ArrayList<>();
        if (options.mode() == Mode.SENTINEL) {
            options.endpoints().forEach(s -> sentinelAnswers.add(probes.sentinelReplicas(s, options.masterName())));
        }
        Reach reach = new Reach();
        List<HostAndPort> replicas = null;
        for (CompletableFuture<List<Map<String, String>>> question : sentinelAnswers) {
            Answer<List<Map<String, String>>> answer = reach.saw(probes.await(question, deadline));
            if (answer.answered()) {
                replicas = replicasListedBySentinel(answer.value());
                break;
            }
        }
        if (options.mode() == Mode.SENTINEL && replicas == null) {
            problems.add("no sentinel answered");
        }
        Map<HostAndPort, CompletableFuture<String>> replicaInfos = new LinkedHashMap<>();
        if (replicas != null) {
            replicas.forEach(r -> replicaInfos.put(r, probes.info(r, "replication")));
        }
        if (master != null) {
            Answer<String> answer = reach.sawMaster(probes.await(masterInfo, deadline));
            if (answer.answered()) {
                Map<String, String> info = InfoFields.parse(answer.value());
                String role = info.getOrDefault("role", "unknown");
                if (!"master".equals(role)) {
                    problems.add("master " + master + " answers as " + role);
                }
                if (replicas == null) {
                    InfoFields.replicasOf(info).forEach(r -> replicaInfos.put(r, probes.info(r, "replication")));
                }
            } else {
                problems.add("master " + master + ": " + answer.problem());
            }
        }
        Replicas counted = countReplicas(replicaInfos, deadline, problems, reach);
        details.put("replicas", counted.total);
        details.put("replicasInSync", counted.inSync);
        details.put("replicaNodes", counted.nodes);
        return reach;
    }

    private Reach checkCluster(long deadline, Map<String, Object> details, List<String> problems) {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        Set<HostAndPort> listedMasters = new LinkedHashSet<>();
        List<CompletableFuture<String>> seedAnswers = new ArrayList<>();
        client.options().endpoints().forEach(seed -> seedAnswers.add(probes.clusterNodes(seed)));
        for (CompletableFuture<String> question : seedAnswers) {
            Answer<String> answer = probes.await(question, deadline);
            if (answer.answered()) {
                nodes.addAll(InfoFields.clusterNodesOf(answer.value()));
                listedMasters.addAll(InfoFields.clusterMastersOf(answer.value()));
                break;
            }
        }
        if (nodes.isEmpty()) {
            nodes.addAll(client.options().endpoints());
        }
        Map<HostAndPort, CompletableFuture<String>> infos = new LinkedHashMap<>();
        Map<HostAndPort, CompletableFuture<String>> clusterInfos = new LinkedHashMap<>();
        nodes.forEach(n -> {
            infos.put(n, probes.info(n, "replication"));
            clusterInfos.put(n, probes.clusterInfo(n));
        });
        int masters = 0;
        Reach reach = new Reach();
        Map<HostAndPort, CompletableFuture<String>> replicaInfos = new LinkedHashMap<>();
        for (Map.Entry<HostAndPort, CompletableFuture<String>> e : infos.entrySet()) {
            // a node CLUSTER NODES does not flag as a master is a replica; with no such list, any may be a master
            boolean replica = !listedMasters.isEmpty() && !listedMasters.contains(e.getKey());
            Answer<String> awaited = probes.await(e.getValue(), deadline);
            Answer<String> answer = replica ? reach.saw(awaited) : reach.sawMaster(awaited);
            if (!answer.answered()) {
                problems.add("node " + e.getKey() + ": " + answer.problem());
                continue;
            }
            if ("master".equals(InfoFields.parse(answer.value()).get("role"))) {
                masters++;
            } else {
                replicaInfos.put(e.getKey(), e.getValue());
            }
        }
        String state = null;
        int slotsOk = -1;
        for (Map.Entry<HostAndPort, CompletableFuture<String>> e : clusterInfos.entrySet()) {
            Answer<String> answer = probes.await(e.getValue(), deadline);
            if (answer.answered()) {
                Map<String, String> info = InfoFields.parse(answer.value());
                int ok = InfoFields.intOf(info, "cluster_slots_ok", 0);
                if (slotsOk < 0 || ok < slotsOk) {
                    slotsOk = ok;
                }
                if (state == null || !"ok".equals(info.get("cluster_state"))) {
                    state = info.getOrDefault("cluster_state", "unknown");
                }
            }
        }
        Replicas counted = countReplicas(replicaInfos, deadline, problems, new Reach());
        details.put("nodes", nodes.size());
        details.put("mastersAnswering", masters);
        details.put("replicas", counted.total);
        details.put("replicasInSync", counted.inSync);
        details.put("replicaNodes", counted.nodes);
        details.put("clusterState", state == null ? "unknown" : state);
        details.put("slotsCovered", Math.max(slotsOk, 0));
        details.put("slotsTotal", CLUSTER_SLOTS);
        if (state == null) {
            problems.add("no node answered CLUSTER INFO");
        } else {
            if (!"ok".equals(state)) {
                problems.add("cluster_state is " + state);
            }
            if (slotsOk < CLUSTER_SLOTS) {
                problems.add((CLUSTER_SLOTS - slotsOk) + " of " + CLUSTER_SLOTS + " slots not covered");
            }
        }
        return reach;
    }

    /**
     * In sync: the replica answers, its link to the master is up and it heard from the master at most
     * the allowed lag ago.
     */
    private Replicas countReplicas(
            Map<HostAndPort, CompletableFuture<String>> replicaInfos,
            long deadline,
            List<String> problems,
            Reach reach) {
        int inSync = 0;
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Map.Entry<HostAndPort, CompletableFuture<String>> e : replicaInfos.entrySet()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("endpoint", e.getKey().toString());
            Answer<String> answer = reach.saw(probes.await(e.getValue(), deadline));
            boolean synced = false;
            if (answer.answered()) {
                Map<String, String> info = InfoFields.parse(answer.value());
                String link = info.getOrDefault("master_link_status", "unknown");
                int lastIo = InfoFields.intOf(info, "master_last_io_seconds_ago", -1);
                node.put("linkStatus", link);
                node.put("lastIoSecondsAgo", lastIo);
                synced = "up".equals(link) && lastIo >= 0 && lastIo <= replicaMaxLagSeconds;
                if (!synced) {
                    problems.add("replica " + e.getKey() + " not in sync (master_link_status " + link + ", last I/O "
                            + lastIo + " s ago)");
                }
            } else {
                node.put("problem", answer.problem());
                problems.add("replica " + e.getKey() + ": " + answer.problem());
            }
            node.put("inSync", synced);
            if (synced) {
                inSync++;
            }
            nodes.add(node);
        }
        return new Replicas(replicaInfos.size(), inSync, nodes);
    }

    private HostAndPort masterOf(ClientOptions options) {
        if (options.mode() == Mode.STANDALONE) {
            return options.endpoints().get(0);
        }
        try {
            return client.currentMaster();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<HostAndPort> replicasListedBySentinel(List<Map<String, String>> replicas) {
        List<HostAndPort> endpoints = new ArrayList<>();
        for (Map<String, String> replica : replicas) {
            String ip = replica.get("ip");
            String port = replica.get("port");
            if (ip != null && port != null) {
                try {
                    endpoints.add(HostAndPort.of(ip, Integer.parseInt(port)));
                } catch (IllegalArgumentException ignored) {
                    // a malformed entry is not a replica we can ask
                }
            }
        }
        return endpoints;
    }

    /**
     * {@code value} when it is a positive duration.
     *
     * @throws ConfigException naming {@code name} (a parameter or a property) otherwise
     */
    static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigException(name, "must be a positive duration such as 1s, was " + value);
        }
        return value;
    }

    /**
     * Whether the application can reach what it needs: DOWN means no node could be reached (every one
     * refused the connection or rejected the credentials) or a master rejected the credentials (the
     * application's commands go to the masters). A replica or sentinel that rejects them is a problem
     * (DEGRADED), as is a node that answers without the permission for the question. A node that
     * accepted the connection but did not answer in time counts as reachable: it may be paused or busy,
     * and the application still serves from the near cache.
     */
    private static final class Reach {
        private boolean reachable;
        private boolean masterRejected;

        /** The answer of a replica or a sentinel. */
        <T> Answer<T> saw(Answer<T> answer) {
            reachable |= answer.answered() || !(answer.refused() || answer.rejected());
            return answer;
        }

        /** The answer of a master (or of a node whose role is not known). */
        <T> Answer<T> sawMaster(Answer<T> answer) {
            masterRejected |= answer.rejected();
            return saw(answer);
        }

        boolean down() {
            return masterRejected || !reachable;
        }
    }

    private record Replicas(int total, int inSync, List<Map<String, Object>> nodes) {}
}

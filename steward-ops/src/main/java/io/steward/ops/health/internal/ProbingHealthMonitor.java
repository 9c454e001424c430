package io.steward.ops.health.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import io.steward.ops.config.TopologyConfig;
import io.steward.ops.health.Component;
import io.steward.ops.health.HealthCheck;
import io.steward.ops.health.HealthMonitor;
import io.steward.ops.health.HealthReport;
import io.steward.ops.health.Severity;
import io.steward.ops.health.internal.NodeObservation.DefaultUserState;
import io.steward.ops.info.ClusterNode;
import io.steward.ops.info.InfoSnapshot;
import io.steward.ops.info.ReplicaInfo;
import io.steward.ops.info.SentinelMasterView;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * {@link HealthMonitor} that probes every server: discovery from the configuration and the Sentinels or
 * a cluster seed, then {@code PING}, {@code INFO} and {@code ACL GETUSER default} per node, and the
 * {@code *Rules} classes to judge what was seen. It reaches servers through {@link ServerLinks}:
 * short-lived connections for a one-off check, or connections kept between checks.
 */
public final class ProbingHealthMonitor implements HealthMonitor.Pooled {

    private final StewardConfig config;
    private final ServerLinks links;
    private final Clock clock;
    private final LongSupplier nanoTicker;

    private ProbingHealthMonitor(StewardConfig config, ServerLinks links, Clock clock, LongSupplier nanoTicker) {
        this.config = config;
        this.links = links;
        this.clock = clock;
        this.nanoTicker = nanoTicker;
    }

    /** A monitor that opens a connection per server and check and closes it before the check returns. */
    public static ProbingHealthMonitor shortLived(StewardConfig config, StewardClient client, Clock clock) {
        return new ProbingHealthMonitor(config, new ShortLivedLinks(client), clock, System::nanoTime);
    }

    /** A monitor that keeps one connection per server from check to check, until {@link #close()}. */
    public static ProbingHealthMonitor pooled(StewardConfig config, StewardClient client, Clock clock) {
        return new ProbingHealthMonitor(config, new PooledLinks(client, clock), clock, System::nanoTime);
    }

    @Override
    public void close() {
        links.close();
    }

    @Override
    public HealthReport check(Set<Component> components) {
        Instant at = clock.instant();
        TopologyConfig topology = config.topology();
        List<HealthCheck> checks = new ArrayList<>();
        Set<HostAndPort> dataNodes = new LinkedHashSet<>(topology.nodes());
        switch (topology.mode()) {
            case SENTINEL -> {
                List<SentinelObservation> sentinels =
                        topology.sentinels().stream().map(this::probeSentinel).toList();
                if (components.contains(Component.SENTINEL)) {
                    checks.addAll(new SentinelRules(config.thresholds(), topology.masterName()).evaluate(sentinels));
                }
                dataNodes.addAll(sentinelDataNodes(sentinels));
                if (dataNodes.isEmpty() && components.contains(Component.REDIS)) {
                    checks.add(undiscovered(topology.masterName(), sentinels));
                }
            }
            case CLUSTER -> dataNodes.addAll(clusterNodes(components.contains(Component.CLUSTER) ? checks : null));
            case STANDALONE -> {
                // the configured nodes are all there is
            }
        }
        if (components.contains(Component.REDIS)) {
            NodeRules rules = new NodeRules(config.thresholds(), topology.role(), at);
            for (HostAndPort node : dataNodes) {
                checks.addAll(rules.evaluate(probeNode(node)));
            }
            if (config.tls().enabled()) {
                checks.addAll(certificates(dataNodes, at));
            }
        }
        return new HealthReport(checks, at);
    }

    // ---- data nodes ----

    /** Samples per PING measurement: the fastest is reported, so one scheduler hiccup is not a verdict. */
    static final int PING_SAMPLES = 3;

    private Duration pingRoundTrip(RedisCommands<String, String> redis) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < PING_SAMPLES; i++) {
            long start = nanoTicker.getAsLong();
            redis.ping();
            best = Math.min(best, nanoTicker.getAsLong() - start);
        }
        return Duration.ofNanos(best);
    }

    NodeObservation probeNode(HostAndPort node) {
        try {
            return links.onNode(node, redis -> {
                Duration rtt = pingRoundTrip(redis);
                InfoSnapshot info = InfoSnapshot.parse(redis.info());
                long maxClients =
                        info.maxClients().isPresent() ? info.maxClients().getAsLong() : configuredMaxClients(redis);
                return NodeObservation.reached(node, rtt, info, maxClients, defaultUser(redis));
            });
        } catch (StewardException | RedisException e) {
            throwIfInterrupted();
            return NodeObservation.unreachable(node, describe(e));
        }
    }

    private static long configuredMaxClients(RedisCommands<String, String> redis) {
        try {
            String value = redis.configGet("maxclients").get("maxclients");
            return value == null ? 0 : Long.parseLong(value);
        } catch (RedisCommandExecutionException | NumberFormatException e) {
            return 0; // not allowed to read the configuration: the clients check is skipped
        }
    }

    private DefaultUserState defaultUser(RedisCommands<String, String> redis) {
        try {
            List<Object> reply = redis.aclGetuser("default");
            for (int i = 0; reply != null && i + 1 < reply.size(); i += 2) {
                if ("flags".equals(String.valueOf(reply.get(i))) && reply.get(i + 1) instanceof List<?> flags) {
                    return DefaultUserState.ofFlags(
                            flags.stream().map(String::valueOf).toList());
                }
            }
            return DefaultUserState.unverified("ACL GETUSER default returned no flags");
        } catch (RedisCommandExecutionException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith("NOPERM")) {
                return DefaultUserState.unverified(
                        "user " + config.auth().user().orElse("default") + " lacks ACL permission");
            }
            return DefaultUserState.unverified(message);
        }
    }

    // ---- sentinels ----

    SentinelObservation probeSentinel(HostAndPort sentinel) {
        try {
            return links.onSentinel(sentinel, commands -> observeSentinel(sentinel, commands));
        } catch (StewardException | RedisException e) {
            throwIfInterrupted();
            return SentinelObservation.unreachable(sentinel, describe(e));
        }
    }

    private SentinelObservation observeSentinel(HostAndPort sentinel, RedisSentinelCommands<String, String> commands) {
        String masterName = config.topology().masterName();
        SentinelMasterView view = SentinelMasterView.read(commands, masterName);
        if (view.monitorError() != null) {
            return new SentinelObservation(sentinel, null, view.info(), null, "", -1, -1, false, view.monitorError());
        }
        Map<String, String> master = view.master();
        return new SentinelObservation(
                sentinel,
                null,
                view.info(),
                view.address(),
                master.getOrDefault("flags", ""),
                replicaCount(commands, masterName, master),
                intField(master, "num-other-sentinels"),
                view.quorumOk(),
                view.quorumReply());
    }

    /**
     * The replicas this Sentinel knows of, leaving out the replication clients it picked up from the master's
     * INFO (port 0: a backup streaming); {@code num-slaves} counts those too.
     */
    private static int replicaCount(
            RedisSentinelCommands<String, String> commands, String masterName, Map<String, String> master) {
        try {
            return (int) commands.replicas(masterName).stream()
                    .filter(ReplicaInfo::isListening)
                    .count();
        } catch (RedisCommandExecutionException e) {
            return intField(master, "num-slaves"); // not allowed to list them: Sentinel's own count
        }
    }

    /** Why one Sentinel named no data node, led by its address once (a probe failure may already name it). */
    static String whyNoNodes(SentinelObservation s) {
        String address = s.endpoint().toString();
        if (s.failure() == null) {
            return address + ": does not know the master";
        }
        return s.failure().startsWith(address) ? s.failure() : address + ": " + s.failure();
    }

    /** A critical check standing for the data nodes no Sentinel could name. */
    private static HealthCheck undiscovered(String masterName, List<SentinelObservation> sentinels) {
        String reasons = sentinels.stream()
                .map(ProbingHealthMonitor::whyNoNodes)
                .collect(java.util.stream.Collectors.joining("; "));
        return new HealthCheck(
                Component.REDIS,
                masterName,
                "discovery",
                Severity.CRITICAL,
                "no Sentinel named the data nodes of '" + masterName + "' (" + reasons + ")",
                Map.of());
    }

    private List<HostAndPort> sentinelDataNodes(List<SentinelObservation> sentinels) {
        List<HostAndPort> nodes = new ArrayList<>();
        HostAndPort master = SentinelRules.majorityMaster(sentinels);
        if (master != null) {
            nodes.add(master);
        } else {
            // no majority names one master: probe every address a Sentinel names, so none goes unchecked
            sentinels.stream()
                    .filter(SentinelObservation::monitorsMaster)
                    .map(SentinelObservation::masterAddress)
                    .distinct()
                    .forEach(nodes::add);
        }
        for (SentinelObservation s : sentinels) {
            if (!s.isReachable() || !s.monitorsMaster()) {
                continue;
            }
            try {
                for (Map<String, String> replica : links.onSentinel(
                        s.endpoint(),
                        commands -> commands.replicas(config.topology().masterName()))) {
                    if (!ReplicaInfo.isListening(replica)) {
                        continue;
                    }
                    nodes.add(HostAndPort.of(replica.get("ip"), Integer.parseInt(replica.get("port"))));
                }
                return nodes;
            } catch (StewardException | RedisException | IllegalArgumentException e) {
                throwIfInterrupted(); // try the next Sentinel
            }
        }
        return nodes;
    }

    // ---- cluster ----

    /** The cluster's nodes as one seed sees them; adds the cluster checks to {@code checks} unless null. */
    private List<HostAndPort> clusterNodes(List<HealthCheck> checks) {
        List<String> failures = new ArrayList<>();
        for (HostAndPort seed : config.topology().nodes()) {
            try {
                record Seen(InfoSnapshot clusterInfo, List<ClusterNode> nodes) {}
                Seen seen = links.onNode(
                        seed,
                        redis -> new Seen(
                                InfoSnapshot.parse(redis.clusterInfo()), ClusterNode.parse(redis.clusterNodes())));
                InfoSnapshot clusterInfo = seen.clusterInfo();
                List<ClusterNode> nodes = seen.nodes();
                if (checks != null) {
                    checks.addAll(new ClusterRules().evaluate(seed.toString(), clusterInfo, nodes));
                }
                return nodes.stream()
                        .map(ClusterNode::endpoint)
                        .filter(e -> e != null)
                        .toList();
            } catch (StewardException | RedisException e) {
                throwIfInterrupted();
                failures.add(seed + ": " + describe(e));
            }
        }
        if (checks != null) {
            checks.add(new HealthCheck(
                    Component.CLUSTER,
                    String.join(
                            ",",
                            config.topology().nodes().stream()
                                    .map(Object::toString)
                                    .toList()),
                    "cluster-state",
                    Severity.CRITICAL,
                    "no seed node answered CLUSTER NODES: " + String.join("; ", failures),
                    Map.of()));
        }
        return List.of();
    }

    // ---- TLS ----

    private List<HealthCheck> certificates(Set<HostAndPort> nodes, Instant at) {
        CertificateRules rules = new CertificateRules(config.thresholds(), at);
        List<HealthCheck> checks = new ArrayList<>();
        for (Path file : new Path[] {config.tls().ca(), config.tls().cert()}) {
            if (file == null) {
                continue;
            }
            try {
                for (X509Certificate cert : CertificateReader.fromFile(file)) {
                    checks.add(rules.evaluate(
                            file.toString(),
                            cert.getSubjectX500Principal().getName(),
                            cert.getNotAfter().toInstant()));
                }
            } catch (IOException | CertificateException e) {
                checks.add(new HealthCheck(
                        Component.REDIS,
                        file.toString(),
                        "certificate",
                        Severity.WARN,
                        "cannot read certificate file: " + e.getMessage(),
                        Map.of()));
            }
        }
        for (HostAndPort node : nodes) {
            try {
                X509Certificate cert = links.presentedCertificate(node);
                checks.add(rules.evaluate(
                        node.toString(),
                        cert.getSubjectX500Principal().getName(),
                        cert.getNotAfter().toInstant()));
            } catch (IOException e) {
                // unreachable nodes are already critical in their ping check
            }
        }
        return checks;
    }

    // ---- helpers ----

    private static int intField(Map<String, String> fields, String name) {
        try {
            return Integer.parseInt(fields.getOrDefault(name, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void throwIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new StewardException("health check interrupted");
        }
    }
}

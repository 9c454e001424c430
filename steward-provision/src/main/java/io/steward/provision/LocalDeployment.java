package io.steward.provision;

import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.provision.internal.AdminLink;
import io.steward.provision.internal.NodeProcess;
import io.steward.provision.internal.ReadinessProbe;
import io.steward.provision.internal.Supervisor;
import io.steward.provision.tls.CertificateAuthority;
import io.steward.provision.tls.TlsFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A local deployment in a Steward home: renders the hardened configs (once; later starts reuse
 * what Redis and Sentinel have rewritten since), starts the processes, creates the cluster, waits
 * until healthy and supervises. A failed start stops everything it started.
 *
 * <p>Layout of the home: {@code steward.yaml} (written by the CLI), {@code secrets/*.pass},
 * {@code tls/}, {@code nodes/PORT/}, {@code sentinels/PORT/}, {@code run/}.
 */
public final class LocalDeployment implements LocalTopology, AutoCloseable {

    /** How long {@link #start} waits for the topology to become healthy. */
    public static final Duration DEFAULT_HEALTHY_TIMEOUT = Duration.ofSeconds(90);
    /** Validity of generated TLS certificates. */
    public static final Duration DEFAULT_CERTIFICATE_VALIDITY = Duration.ofDays(365);

    private static final Duration NODE_START_TIMEOUT = Duration.ofSeconds(20);

    private final DeploymentPlan plan;
    private final Path home;
    private final SecretStore secrets;
    private final List<NodeProcess> redis;
    private final List<NodeProcess> sentinels;
    private final AdminLink admin;
    private final ReadinessProbe probe;
    private volatile Supervisor supervisor;
    private volatile boolean closed;

    private LocalDeployment(DeploymentPlan plan, Path home, RedisBinaries binaries) {
        this.plan = plan;
        this.home = home.toAbsolutePath().normalize();
        this.secrets = SecretStore.in(this.home.resolve("secrets"));
        Layout layout = Layout.local(this.home);
        this.redis = plan.redisNodes().stream()
                .map(n -> NodeProcess.of(layout, n, false, binaries.server()))
                .toList();
        this.sentinels = plan.sentinels().stream()
                .map(n -> NodeProcess.of(layout, n, true, binaries.sentinel()))
                .toList();
        this.admin = new AdminLink(
                AclUser.ADMIN.userName(), secretsOrEmpty(), plan.tls() ? TlsFiles.in(this.home.resolve("tls")) : null);
        this.probe = new ReadinessProbe(plan, admin);
    }

    private char[] secretsOrEmpty() {
        return Files.exists(secrets.file(AclUser.ADMIN)) ? secrets.password(AclUser.ADMIN) : new char[0];
    }

    /**
     * The checks {@link #start} makes before it changes anything, for a caller that wants to refuse before it
     * says it is starting: the home holds no other deployment, none of it runs, and its ports are free.
     *
     * @throws ProvisionException naming what is in the way
     */
    public static void refuseUnlessStartable(DeploymentPlan plan, Path home) {
        Optional<DeploymentPlan> previous = LocalHome.recordedPlan(home);
        if (previous.isPresent() && !previous.get().equals(plan)) {
            DeploymentPlan p = previous.get();
            throw new ProvisionException(home + " already holds a " + p.mode().id() + " deployment ("
                    + p.profile().id() + (p.tls() ? ", tls" : "") + ", nodes " + p.redisNodes()
                    + "); run 'steward down --purge' first or use another --home");
        }
        refuseIfRunning(home, plan);
        checkPortsFree(plan);
    }

    /**
     * Renders (first time only), starts and waits until healthy, then supervises in this JVM.
     *
     * @throws ProvisionException when a port is in use, a node exits, or the topology is not
     *     healthy in time; nothing started by this call is left running
     * @throws StewardException when the home holds a different deployment
     */
    public static LocalDeployment start(
            DeploymentPlan plan, Path home, RedisBinaries binaries, Duration healthyTimeout) {
        LocalDeployment deployment = prepare(plan, home, binaries);
        deployment.launch(healthyTimeout);
        return deployment;
    }

    /**
     * Renders (first time only) and returns the deployment without starting anything, for a caller
     * that must be able to {@link #close} it from another thread (a shutdown hook) while {@link
     * #launch} runs.
     *
     * @throws ProvisionException when a port is in use or the home's deployment runs
     * @throws StewardException when the home holds a different deployment
     */
    public static LocalDeployment prepare(DeploymentPlan plan, Path home, RedisBinaries binaries) {
        refuseUnlessStartable(plan, home);
        boolean fresh = LocalHome.recordedPlan(home).isEmpty();
        SecretStore.in(home.resolve("secrets")).ensureGenerated();
        if (plan.tls() && !TlsFiles.in(home.resolve("tls")).exist()) {
            CertificateAuthority.generate(
                    home.resolve("tls"),
                    List.of("localhost"),
                    List.of("127.0.0.1", "::1"),
                    DEFAULT_CERTIFICATE_VALIDITY,
                    Clock.systemUTC(),
                    new SecureRandom());
        }
        if (fresh) {
            ConfigRenderer.of(plan, SecretStore.in(home.resolve("secrets")), Layout.local(home))
                    .write();
            LocalHome.record(home, plan);
        } else {
            restrictPermissions(home, plan);
        }
        return new LocalDeployment(plan, home, binaries);
    }

    /**
     * Starts the nodes, waits until the topology is healthy, then supervises them in this JVM. A
     * {@link #close} from another thread meanwhile stops what has started and makes this throw.
     *
     * @throws ProvisionException when a node exits, the topology is not healthy in time, or the
     *     deployment was closed; nothing started by this call is left running
     */
    public void launch(Duration healthyTimeout) {
        try {
            startAndAwait(healthyTimeout);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAndAwait(Duration healthyTimeout) {
        for (NodeProcess node : redis) {
            startUnlessClosed(node);
        }
        for (NodeProcess node : redis) {
            awaitAnswering(node);
        }
        if (plan.mode() == TopologyMode.CLUSTER) {
            ClusterFormation formation = ClusterFormation.over(admin::text);
            if (!formation.alreadyFormed(plan.redisNodes().get(0))) {
                formation.form(plan.redisNodes(), plan.clusterMasters());
            }
        }
        for (NodeProcess node : sentinels) {
            startUnlessClosed(node);
        }
        for (NodeProcess node : sentinels) {
            awaitAnswering(node);
        }
        probe.await(healthyTimeout, () -> firstDead().isPresent());
        firstDead().ifPresent(dead -> {
            throw exited(dead);
        });
        synchronized (this) {
            refuseIfClosed();
            supervise();
        }
    }

    /** Starts {@code node} unless {@link #close} has begun: close then stops it, or it never starts. */
    private synchronized void startUnlessClosed(NodeProcess node) {
        refuseIfClosed();
        node.start(List.of());
    }

    private void refuseIfClosed() {
        if (closed) {
            throw new ProvisionException("stopped while starting: every node started so far was stopped");
        }
    }

    private Optional<NodeProcess> firstDead() {
        return nodes().filter(n -> !n.isRunning()).findFirst();
    }

    private void awaitAnswering(NodeProcess node) {
        long deadline = System.nanoTime() + NODE_START_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            refuseIfClosed();
            if (!node.isRunning()) {
                throw exited(node);
            }
            try {
                admin.text(node.endpoint(), "PING");
                return;
            } catch (RuntimeException e) {
                last = e;
            }
            pause(Duration.ofMillis(50));
        }
        throw new ProvisionException(
                node.name() + " did not answer PING within " + NODE_START_TIMEOUT.toSeconds() + " s ("
                        + (last == null ? "" : last.getMessage()) + "); see " + node.logFile(),
                last);
    }

    private static ProvisionException exited(NodeProcess node) {
        String tail = node.logTail(3).replace('\n', ' ').strip();
        return new ProvisionException(node.name() + " exited at start: " + tail + " (log: " + node.logFile() + ")");
    }

    /**
     * Takes over the running nodes of the deployment in {@code home} (started by another process)
     * and supervises them in this JVM. Nodes that are not running are started.
     *
     * @throws ProvisionException when nothing is deployed in {@code home}
     */
    public static LocalDeployment adopt(Path home, RedisBinaries binaries) {
        DeploymentPlan plan = LocalHome.recordedPlan(home)
                .orElseThrow(
                        () -> new ProvisionException("nothing is deployed in " + home + "; run 'steward up' first"));
        LocalDeployment deployment = new LocalDeployment(plan, home, binaries);
        deployment.nodes().filter(n -> !n.adopt()).forEach(n -> n.start(List.of()));
        deployment.supervise();
        return deployment;
    }

    private void supervise() {
        supervisor = new Supervisor(plan, admin);
        nodes().forEach(supervisor::watch);
    }

    /** Stops supervising but leaves the nodes running, for a detached supervisor to adopt. */
    public void detach() {
        if (supervisor != null) {
            supervisor.close();
        }
        admin.close();
    }

    /**
     * Stops supervision and every node: Sentinels first (so that no failover starts), then masters
     * while their replicas still listen (a Redis 7 master waits up to {@code shutdown-timeout} for
     * lagging replicas), then replicas. The nodes of each group stop together.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true; // after this no node starts and no supervisor is created
        }
        if (supervisor != null) {
            supervisor.close();
        }
        NodeProcess.stopAll(sentinels);
        Map<Boolean, List<NodeProcess>> byMastership = redis.stream()
                .filter(NodeProcess::isRunning)
                .collect(Collectors.partitioningBy(n -> isMaster(n.endpoint())));
        NodeProcess.stopAll(byMastership.get(true));
        NodeProcess.stopAll(byMastership.get(false));
        admin.close();
    }

    private boolean isMaster(HostAndPort node) {
        return "master".equals(admin.role(node));
    }

    private static void refuseIfRunning(Path home, DeploymentPlan plan) {
        if (LocalHome.supervisor(home).isPresent()) {
            throw new ProvisionException("a deployment is already running in " + home
                    + "; see 'steward status' or stop it with 'steward down'");
        }
        Layout layout = Layout.local(home);
        for (HostAndPort node : plan.redisNodes()) {
            NodeProcess probe = NodeProcess.view(layout, node, false);
            if (probe.adopt()) {
                throw new ProvisionException(probe.name() + " of " + home + " is still running (pid " + probe.pid()
                        + ") without a supervisor; run 'steward down' first");
            }
        }
    }

    /**
     * A home rendered by an older Steward may hold node folders 0755 and a {@code sentinel.conf}
     * 0644 (Redis re-creates a config it rewrites {@code 0644 & ~umask}); its secrets and data
     * become owner-only again before the nodes start.
     */
    private static void restrictPermissions(Path home, DeploymentPlan plan) {
        Layout layout = Layout.local(home);
        List<Path> dirs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (HostAndPort node : plan.redisNodes()) {
            dirs.add(layout.workDir(node, false));
            files.add(layout.configFile(node, false));
            files.add(layout.aclFile(node));
        }
        for (HostAndPort sentinel : plan.sentinels()) {
            dirs.add(layout.workDir(sentinel, true));
            files.add(layout.configFile(sentinel, true));
        }
        try {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir)) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException e) {
            throw new ProvisionException("cannot make the files of " + home + " owner-only: " + e.getMessage(), e);
        }
    }

    private static void checkPortsFree(DeploymentPlan plan) {
        List<Integer> ports = new ArrayList<>();
        plan.redisNodes().forEach(n -> {
            ports.add(n.port());
            if (plan.mode() == TopologyMode.CLUSTER) {
                ports.add(n.port() + DeploymentPlan.CLUSTER_BUS_OFFSET);
            }
        });
        plan.sentinels().forEach(n -> ports.add(n.port()));
        for (int port : ports) {
            if (!isFree(port)) {
                throw new ProvisionException("port " + port + " on 127.0.0.1 is already in use; stop what uses it"
                        + " ('ss -ltnp | grep " + port + "') or choose other ports with --port-base N");
            }
        }
    }

    /** Whether nothing listens on {@code port} on the loopback address. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisionException("interrupted while starting the deployment", e);
        }
    }

    private Stream<NodeProcess> nodes() {
        return Stream.concat(redis.stream(), sentinels.stream());
    }

    /** Each node's current role: {@code master}, {@code replica}, {@code sentinel}, or {@code down}. */
    public String roleOf(HostAndPort node) {
        return admin.role(node);
    }

    @Override
    public TopologyMode mode() {
        return plan.mode();
    }

    @Override
    public DeploymentPlan plan() {
        return plan;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public String masterName() {
        return plan.masterName();
    }

    @Override
    public HostAndPort master() {
        return switch (plan.mode()) {
            case STANDALONE -> plan.redisNodes().get(0);
            case SENTINEL ->
                probe.sentinelMaster()
                        .orElseThrow(() -> new ProvisionException("the sentinels do not agree on a master right now"));
            case CLUSTER ->
                plan.redisNodes().stream()
                        .filter(this::isMaster)
                        .findFirst()
                        .orElseThrow(() -> new ProvisionException("no cluster node reports itself master"));
        };
    }

    @Override
    public List<LocalNode> redisNodes() {
        return List.copyOf(redis);
    }

    @Override
    public List<LocalNode> sentinels() {
        return List.copyOf(sentinels);
    }

    @Override
    public LocalNode node(HostAndPort endpoint) {
        return nodes().filter(n -> n.endpoint().equals(endpoint))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(endpoint + " is not a node of this deployment: "
                        + Arrays.toString(nodes().map(NodeProcess::endpoint).toArray())));
    }

    @Override
    public char[] password(AclUser user) {
        return secrets.password(user);
    }

    @Override
    public Path passwordFile(AclUser user) {
        return secrets.file(user);
    }

    @Override
    public Optional<TlsFiles> tls() {
        return plan.tls() ? Optional.of(TlsFiles.in(home.resolve("tls"))) : Optional.empty();
    }

    @Override
    public void awaitHealthy(Duration timeout) {
        probe.await(timeout, () -> false);
    }
}

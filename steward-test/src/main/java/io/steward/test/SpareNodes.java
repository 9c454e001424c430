package io.steward.test;

import io.steward.HostAndPort;
import io.steward.provision.AclUser;
import io.steward.provision.ConfigRenderer;
import io.steward.provision.DeploymentPlan;
import io.steward.provision.Layout;
import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalNode;
import io.steward.provision.LocalTopology;
import io.steward.provision.OwnerOnlyFiles;
import io.steward.provision.Profile;
import io.steward.provision.RedisBinaries;
import io.steward.provision.RenderedFile;
import io.steward.provision.SecretStore;
import io.steward.provision.TopologyMode;
import io.steward.provision.internal.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Redis-server processes outside any deployment, rendered like a local deployment's nodes (same
 * hardened config, ACL users and passwords): empty cluster-enabled nodes for tests that add nodes to a
 * cluster or create one, or extra replicas of a Sentinel deployment's master. Each listens before the
 * factory returns. Not supervised; {@link #close()} stops them and deletes their folder.
 */
public final class SpareNodes implements AutoCloseable {

    private static final int ATTEMPTS = 200;
    private static final long START_TIMEOUT_NANOS = 20_000_000_000L;

    private final Path dir;
    private final Path secretsDir;
    private final List<NodeProcess> processes;
    private final boolean ownSecrets;

    private SpareNodes(Path dir, Path secretsDir, List<NodeProcess> processes, boolean ownSecrets) {
        this.dir = dir;
        this.secretsDir = secretsDir;
        this.processes = processes;
        this.ownSecrets = ownSecrets;
    }

    /** {@code count} nodes with the users and passwords of {@code topology} (a cluster deployment without TLS). */
    public static SpareNodes forTopology(LocalTopology topology, int count) {
        return start(topology.plan(), topology.home().resolve("secrets"), count, false);
    }

    /**
     * {@code count} replicas of {@code master}, the current master of the Sentinel deployment {@code topology},
     * rendered like its nodes ({@code replicaof} the master, the deployment's users and passwords), so the
     * deployment's Sentinels discover them and can talk to them. Killing one leaves the entry Sentinel keeps
     * listing.
     *
     * @throws IllegalArgumentException when {@code topology} is not in Sentinel mode
     */
    public static SpareNodes replicasOf(LocalTopology topology, HostAndPort master, int count) {
        DeploymentPlan plan = topology.plan();
        if (plan.mode() != TopologyMode.SENTINEL) {
            throw new IllegalArgumentException("replicas need a Sentinel deployment, not " + plan.mode());
        }
        // the renderer makes the first node the master every other node replicates
        List<HostAndPort> nodes = new ArrayList<>(List.of(master));
        plan.redisNodes().stream().filter(n -> !n.equals(master)).forEach(nodes::add);
        return start(plan.withNodes(nodes, plan.sentinels()), topology.home().resolve("secrets"), count, false);
    }

    /** {@code count} nodes with passwords of their own, in {@link #secretsDir()}. */
    public static SpareNodes withOwnSecrets(int count) {
        try {
            Path secrets = OwnerOnlyFiles.createTempDirectory(
                    Path.of(System.getProperty("java.io.tmpdir")), "steward-spare-secrets-");
            SecretStore.in(secrets).ensureGenerated();
            DeploymentPlan template = DeploymentPlan.local(
                    TopologyMode.CLUSTER, Profile.DEVELOPMENT, false, FreePorts.portBase(TopologyMode.CLUSTER));
            return start(template, secrets, count, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SpareNodes start(DeploymentPlan template, Path secretsDir, int count, boolean ownSecrets) {
        List<HostAndPort> spare = freeEndpoints(count);
        List<HostAndPort> all = new ArrayList<>(template.redisNodes());
        all.addAll(spare);
        DeploymentPlan plan = template.withNodes(all, template.sentinels());
        List<NodeProcess> processes = new ArrayList<>();
        Path dir = null;
        try {
            dir = OwnerOnlyFiles.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "steward-spare-");
            Layout layout = Layout.local(dir);
            for (RenderedFile file :
                    ConfigRenderer.of(plan, SecretStore.in(secretsDir), layout).render()) {
                if (spare.stream().anyMatch(n -> file.path().startsWith(layout.workDir(n, false)))) {
                    OwnerOnlyFiles.createDirectories(file.path().getParent());
                    OwnerOnlyFiles.replace(file.path(), file.content().getBytes(StandardCharsets.UTF_8));
                }
            }
            Path server = RedisBinaries.locate().server();
            for (HostAndPort node : spare) {
                NodeProcess process = NodeProcess.of(layout, node, false, server);
                processes.add(process);
                process.start(List.of());
            }
            for (NodeProcess process : processes) {
                awaitListening(process);
            }
            return new SpareNodes(dir, secretsDir, processes, ownSecrets);
        } catch (IOException | RuntimeException e) {
            NodeProcess.stopAll(processes);
            if (dir != null) {
                deleteTree(dir);
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static List<HostAndPort> freeEndpoints(int count) {
        List<HostAndPort> found = new ArrayList<>();
        for (int i = 0; i < ATTEMPTS && found.size() < count; i++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 29_000);
            HostAndPort candidate = HostAndPort.of(DeploymentPlan.LOOPBACK, port);
            if (!found.contains(candidate)
                    && LocalDeployment.isFree(port)
                    && LocalDeployment.isFree(port + DeploymentPlan.CLUSTER_BUS_OFFSET)) {
                found.add(candidate);
            }
        }
        if (found.size() < count) {
            throw new IllegalStateException("found only " + found.size() + " of " + count + " free ports");
        }
        return found;
    }

    private static void awaitListening(NodeProcess process) {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isRunning()) {
                throw new IllegalStateException(process.name() + " exited: " + process.logTail(3));
            }
            try (Socket socket = new Socket()) {
                socket.connect(
                        new InetSocketAddress(
                                process.endpoint().host(), process.endpoint().port()),
                        200);
                return;
            } catch (IOException e) {
                Thread.onSpinWait(); // not listening yet
            }
        }
        throw new IllegalStateException(process.name() + " did not listen within 20 s: " + process.logTail(3));
    }

    /** The nodes, to kill, pause or resume one. */
    public List<LocalNode> nodes() {
        return List.copyOf(processes);
    }

    public List<HostAndPort> endpoints() {
        return processes.stream().map(NodeProcess::endpoint).toList();
    }

    /** The folder holding the users' password files ({@code admin.pass}, ...). */
    public Path secretsDir() {
        return secretsDir;
    }

    /** The password file of {@code user}. */
    public Path passwordFile(AclUser user) {
        return SecretStore.in(secretsDir).file(user);
    }

    @Override
    public void close() {
        NodeProcess.stopAll(processes);
        deleteTree(dir);
        if (ownSecrets) {
            deleteTree(secretsDir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }
}

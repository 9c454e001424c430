package io.steward.provision;

import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.provision.internal.AdminLink;
import io.steward.provision.internal.NodeProcess;
import io.steward.provision.tls.TlsFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a Steward home records about its local deployment and what can be done with it from any
 * process: the plan ({@code run/deployment.properties}), the supervisor's pid
 * ({@code run/supervisor.pid}), stopping everything and inspecting what runs. Node processes are
 * found through their pid files, so this works whichever process started them.
 */
public final class LocalHome {

    private static final Duration SUPERVISOR_STOP_GRACE = Duration.ofSeconds(60);
    /**
     * What Steward creates in a home, and all that {@code down --purge} deletes: the nodes' data and
     * configs, secrets, TLS material, run state, backups, the config file, the daemon's metrics
     * history (SQLite with its WAL, shared-memory and rollback journal files), the journal of a
     * restore in progress ({@code io.steward.backup.RestoreJournal}) and the lock that allows one daemon
     * per home ({@code io.steward.server.internal.DaemonLock}).
     */
    static final List<String> CREATED = List.of(
            "nodes",
            "sentinels",
            "secrets",
            "tls",
            "run",
            "backups",
            "steward.yaml",
            "history.db",
            "history.db-wal",
            "history.db-shm",
            "history.db-journal",
            "restore-journal.json",
            "ha",
            "daemon.lock");

    /**
     * What {@link #purge} did.
     *
     * @param stopped the processes that were stopped
     * @param deleted what was deleted, relative to the home
     * @param kept    what is left in the home because Steward did not create it; the home itself is
     *                deleted when something was deleted and nothing is left
     */
    public record Purge(List<String> stopped, List<String> deleted, List<String> kept) {
        public Purge {
            stopped = List.copyOf(stopped);
            deleted = List.copyOf(deleted);
            kept = List.copyOf(kept);
        }
    }

    private LocalHome() {}

    static Path stateFile(Path home) {
        return home.resolve("run").resolve("deployment.properties");
    }

    static Path supervisorPidFile(Path home) {
        return home.resolve("run").resolve("supervisor.pid");
    }

    /** Records {@code plan} as the deployment of {@code home}. */
    static void record(Path home, DeploymentPlan plan) {
        Properties p = new Properties();
        p.setProperty("name", plan.name());
        p.setProperty("mode", plan.mode().id());
        p.setProperty("profile", plan.profile().id());
        p.setProperty("tls", String.valueOf(plan.tls()));
        p.setProperty("master-name", plan.masterName());
        p.setProperty("role", plan.role().id());
        p.setProperty("maxmemory", String.valueOf(plan.maxmemoryBytes()));
        p.setProperty("redis-nodes", join(plan.redisNodes()));
        p.setProperty("sentinels", join(plan.sentinels()));
        Path file = stateFile(home);
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "Steward local deployment; written by 'steward up'");
            }
        } catch (IOException e) {
            throw new StewardException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The recorded plan, or empty when nothing was deployed in {@code home}.
     *
     * @throws StewardException when the record is unreadable, or the home cannot be looked into
     *     (permission denied, a path component that is a file): that is not "nothing deployed"
     */
    public static Optional<DeploymentPlan> recordedPlan(Path home) {
        Path file = stateFile(home);
        if (!isRecorded(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return Optional.of(new DeploymentPlan(
                    p.getProperty("name"),
                    TopologyMode.parse(p.getProperty("mode"), "mode"),
                    Profile.parse(p.getProperty("profile"), "profile"),
                    Boolean.parseBoolean(p.getProperty("tls")),
                    p.getProperty("master-name"),
                    DataRole.parse(p.getProperty("role"), "role"),
                    Long.parseLong(p.getProperty("maxmemory")),
                    split(p.getProperty("redis-nodes")),
                    split(p.getProperty("sentinels"))));
        } catch (IOException | RuntimeException e) {
            throw new StewardException(
                    file + " is unreadable (" + e.getMessage()
                            + "); stop any Redis processes by hand and remove the file",
                    e);
        }
    }

    /**
     * Whether the state file exists. {@link Files#exists} answers false also when the home cannot be
     * searched, which would report an unreadable home as empty (and let {@code up} start over it).
     */
    private static boolean isRecorded(Path file) {
        try {
            Files.readAttributes(file, BasicFileAttributes.class);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StewardException(
                    "cannot read " + file + ": " + reasonOf(e)
                            + "; check --home (or STEWARD_HOME) and that the user running steward may read it",
                    e);
        }
    }

    /** The cause in words: "permission denied", "Not a directory", ... without repeating the path. */
    private static String reasonOf(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * The process supervising the deployment in {@code home}, when alive. The pid file also holds
     * the process's start time, so a reused pid (after a reboot) is not taken for the supervisor.
     */
    public static Optional<ProcessHandle> supervisor(Path home) {
        try {
            String[] recorded =
                    Files.readString(supervisorPidFile(home)).strip().split(" ");
            long started = recorded.length > 1 ? Long.parseLong(recorded[1]) : -1;
            return ProcessHandle.of(Long.parseLong(recorded[0]))
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> startMillis(h) == started);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    /** Records {@code process} as the supervisor of the deployment in {@code home}. */
    public static void recordSupervisor(Path home, ProcessHandle process) {
        Path file = supervisorPidFile(home);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, process.pid() + " " + startMillis(process) + "\n");
        } catch (IOException e) {
            throw new StewardException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the deployment in {@code home}: asks its supervisor to stop (it stops the nodes in
     * order), then stops any node still running. With {@code purge}, as {@link #purge}.
     *
     * @return the names of the processes that were stopped
     * @throws StewardException when {@code purge} is asked of a directory that holds files Steward
     *     could have created but no deployment record (nothing is deleted), or the files cannot be
     *     deleted
     */
    public static List<String> stop(Path home, boolean purge) {
        return purge ? purge(home).stopped() : stop(home);
    }

    private static List<String> stop(Path home) {
        List<String> stopped = new ArrayList<>();
        List<NodeProcess> running = recordedPlan(home).map(plan -> nodes(home, plan)).orElse(List.of()).stream()
                .filter(NodeProcess::adopt)
                .toList();
        supervisor(home).filter(h -> h.pid() != ProcessHandle.current().pid()).ifPresent(h -> {
            NodeProcess.terminate(h, SUPERVISOR_STOP_GRACE);
            stopped.add("supervisor");
        });
        running.forEach(node -> stopped.add(node.name()));
        // normally the supervisor has stopped them in order; these are left when it was killed
        NodeProcess.stopAll(running.stream().filter(NodeProcess::isSentinel).toList());
        NodeProcess.stopAll(running.stream().filter(n -> !n.isSentinel()).toList());
        try {
            Files.deleteIfExists(supervisorPidFile(home));
        } catch (IOException e) {
            throw new StewardException("cannot delete " + supervisorPidFile(home) + ": " + e.getMessage(), e);
        }
        return stopped;
    }

    /**
     * Stops the deployment in {@code home} and deletes everything Steward created there (see
     * {@link #CREATED}), then the home itself when nothing else is left in it. A home that does not
     * exist, or holds nothing Steward creates, is left as it is: purging twice is a no-op.
     *
     * @throws StewardException when the home holds files Steward could have created but no
     *     deployment record (nothing is deleted: they may belong to something else), or when the
     *     files cannot be deleted
     */
    public static Purge purge(Path home) {
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            return new Purge(List.of(), List.of(), List.of());
        }
        if (!Files.isDirectory(home)) {
            throw new StewardException("cannot purge " + home + ": Not a directory; check --home or STEWARD_HOME");
        }
        List<String> created = createdEntries(home);
        if (!isRecorded(stateFile(home))) {
            if (created.isEmpty()) {
                return new Purge(List.of(), List.of(), entries(home));
            }
            throw new StewardException(home + " holds no Steward deployment (no " + home.relativize(stateFile(home))
                    + ") but has " + String.join(", ", created)
                    + "; nothing deleted. Check --home or STEWARD_HOME");
        }
        List<String> stopped = stop(home);
        try {
            // the deployment record goes last: a purge that fails part-way can then be run again
            for (String entry : created) {
                if (!entry.equals("run")) {
                    deleteTree(home.resolve(entry));
                }
            }
            deleteTree(home.resolve("run"));
            List<String> kept = entries(home);
            if (kept.isEmpty()) {
                Files.delete(home);
            }
            return new Purge(stopped, created, kept);
        } catch (IOException e) {
            throw new StewardException("cannot delete " + home + ": " + e.getMessage(), e);
        }
    }

    /** The entries of {@code home} that Steward creates, in {@link #CREATED} order, temporary files last. */
    private static List<String> createdEntries(Path home) {
        List<String> found = new ArrayList<>();
        for (String name : CREATED) {
            if (Files.exists(home.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                found.add(name);
            }
        }
        entries(home).stream()
                .filter(name -> name.startsWith(OwnerOnlyFiles.TMP_PREFIX) && name.endsWith(OwnerOnlyFiles.TMP_SUFFIX))
                .forEach(found::add);
        return found;
    }

    private static List<String> entries(Path home) {
        try (Stream<Path> list = Files.list(home)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new StewardException("cannot list " + home + ": " + e.getMessage(), e);
        }
    }

    /**
     * The processes and roles of the deployment in {@code home}, or empty when nothing was deployed
     * there. A node that does not answer {@code ROLE} quickly is reported {@code down}.
     */
    public static Optional<DeploymentStatus> inspect(Path home) {
        Optional<DeploymentPlan> recorded = recordedPlan(home);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        DeploymentPlan plan = recorded.get();
        char[] password = SecretStore.in(home.resolve("secrets")).password(AclUser.ADMIN);
        try (AdminLink admin = new AdminLink(
                AclUser.ADMIN.userName(), password, plan.tls() ? TlsFiles.in(home.resolve("tls")) : null)) {
            List<DeploymentStatus.Node> nodes = nodes(home, plan).stream()
                    .map(n -> {
                        boolean alive = n.adopt();
                        return new DeploymentStatus.Node(
                                n.name(),
                                n.endpoint(),
                                n.isSentinel(),
                                alive ? n.pid() : -1,
                                alive ? admin.role(n.endpoint()) : "down");
                    })
                    .toList();
            return Optional.of(new DeploymentStatus(
                    plan, supervisor(home).map(ProcessHandle::pid).orElse(-1L), nodes));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The running processes of the deployment in {@code home}, found by their pid files, for tools
     * that act on one process (a failover drill kills or pauses the master) without supervising
     * them. Nodes that are not running are left out; empty when nothing was deployed there.
     */
    public static List<LocalNode> runningProcesses(Path home) {
        return recordedPlan(home).stream()
                .flatMap(plan -> nodes(home, plan).stream())
                .filter(NodeProcess::adopt)
                .map(LocalNode.class::cast)
                .toList();
    }

    /** Pid-file views of every node: Sentinels first, then data nodes. */
    static List<NodeProcess> nodes(Path home, DeploymentPlan plan) {
        Layout layout = Layout.local(home);
        return Stream.concat(
                        plan.sentinels().stream().map(n -> NodeProcess.view(layout, n, true)),
                        plan.redisNodes().stream().map(n -> NodeProcess.view(layout, n, false)))
                .toList();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String join(List<HostAndPort> nodes) {
        return nodes.stream().map(HostAndPort::toString).collect(Collectors.joining(","));
    }

    private static List<HostAndPort> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(HostAndPort::parse).toList();
    }
}

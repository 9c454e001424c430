package io.steward.provision.internal;

import io.steward.HostAndPort;
import io.steward.provision.Layout;
import io.steward.provision.LocalNode;
import io.steward.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One redis-server or redis-sentinel process, started in its own session ({@code setsid}) so that
 * a Ctrl-C in the terminal reaches only Steward, which then stops the nodes in order. The process
 * may be one this JVM started or one adopted from its pid file.
 *
 * <p>Nodes run with {@code umask 077}: every file they write (dumps, AOF, logs, and the configs
 * Redis rewrites, which it re-creates {@code 0644 & ~umask}) is then readable by the owner only.
 */
public final class NodeProcess implements LocalNode {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** How long to wait for a process to go after SIGKILL. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private static final Duration FIRST_POLL = Duration.ofMillis(2);
    private static final Duration MAX_POLL = Duration.ofMillis(50);
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    /** {@code sh -c} script: owner-only files, then the node in its own session, same pid. */
    private static final String LAUNCH = "umask 077 && exec setsid \"$@\"";

    private final String name;
    private final HostAndPort endpoint;
    private final boolean sentinel;
    private final Path binary;
    private final Path configFile;
    private final Path pidFile;
    private final Path logFile;
    private volatile ProcessHandle handle;

    /** The node at {@code endpoint} with its files where {@code layout} puts them. */
    public static NodeProcess of(Layout layout, HostAndPort endpoint, boolean sentinel, Path binary) {
        return new NodeProcess(
                endpoint, sentinel, binary, layout.configFile(endpoint, sentinel), layout.workDir(endpoint, sentinel));
    }

    /** A view of the node's process through its pid file, for stopping or inspecting it. */
    public static NodeProcess view(Layout layout, HostAndPort endpoint, boolean sentinel) {
        return of(layout, endpoint, sentinel, Path.of(sentinel ? "redis-sentinel" : "redis-server"));
    }

    /** Sends SIGTERM and waits up to {@code grace} for the exit, then sends SIGKILL. */
    public static void terminate(ProcessHandle process, Duration grace) {
        process.destroy();
        awaitOrKill(process, grace);
    }

    /**
     * Waits up to {@code grace} for {@code process} to exit, then sends SIGKILL and waits a little
     * more. Keeps the interrupt flag; an interrupted wait kills the process.
     */
    private static void awaitOrKill(ProcessHandle process, Duration grace) {
        try {
            if (!awaitExit(process, grace)) {
                process.destroyForcibly();
                awaitExit(process, KILL_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Whether {@code process} exited within {@code timeout}. A process that is not this JVM's
     * child stays a zombie until its parent (often init) reaps it, which can take seconds, and
     * {@link ProcessHandle#onExit()} polls such processes no faster than every 300 ms; so an exited
     * process is recognised here by its state in {@code /proc} as well, polled every few ms.
     */
    static boolean awaitExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_POLL.toMillis();
        while (!hasExited(process)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            pause = Math.min(pause * 2, MAX_POLL.toMillis());
        }
        return true;
    }

    /** Not alive, or a zombie: it has exited and only waits to be reaped. */
    static boolean hasExited(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        Path stat = Path.of("/proc", String.valueOf(process.pid()), "stat");
        try {
            String text = Files.readString(stat);
            // the state follows the command name, which is in parentheses and may itself hold any character
            int end = text.lastIndexOf(')');
            char state = end > 0 && end + 2 < text.length() ? text.charAt(end + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException e) {
            return Files.isDirectory(Path.of("/proc/self"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops {@code nodes} together: SIGCONT and SIGTERM to each, then waits for all (SIGKILL for any
     * still running after the grace period). For nodes whose order does not matter, such as all the
     * Sentinels or all the replicas.
     */
    public static void stopAll(List<NodeProcess> nodes) {
        List<ProcessHandle> stopping = new ArrayList<>();
        for (NodeProcess node : nodes) {
            node.requestStop().ifPresent(stopping::add);
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle h : stopping) {
            awaitOrKill(h, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    private NodeProcess(HostAndPort endpoint, boolean sentinel, Path binary, Path configFile, Path workDir) {
        this.name = (sentinel ? "sentinel-" : "redis-") + endpoint.port();
        this.endpoint = endpoint;
        this.sentinel = sentinel;
        this.binary = binary;
        this.configFile = configFile;
        this.pidFile = workDir.resolve(sentinel ? "sentinel.pid" : "redis.pid");
        this.logFile = workDir.resolve(sentinel ? "sentinel.log" : "redis.log");
    }

    /**
     * Starts the process with the rendered config and optional extra arguments (for example
     * {@code --replicaof HOST PORT}).
     *
     * @throws ProvisionException when the process cannot be launched
     */
    public synchronized void start(List<String> extraArgs) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", LAUNCH, "steward-node"));
        command.add(binary.toString());
        command.add(configFile.toString());
        command.addAll(extraArgs);
        try {
            Path dir = logFile.getParent();
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
            Path stdout = logFile.resolveSibling("stdout.log");
            if (!Files.exists(stdout)) {
                Files.createFile(stdout, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            }
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                    .start();
            handle = process.toHandle();
        } catch (IOException e) {
            throw new ProvisionException(name + ": cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    /** Adopts the process named in the pid file, if it is alive and a Redis process. */
    public synchronized boolean adopt() {
        Optional<ProcessHandle> found =
                readPid().flatMap(ProcessHandle::of).filter(h -> !hasExited(h)).filter(NodeProcess::looksLikeRedis);
        found.ifPresent(h -> handle = h);
        return found.isPresent();
    }

    private Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean looksLikeRedis(ProcessHandle h) {
        return h.info().command().map(c -> c.contains("redis")).orElse(false);
    }

    /** The handle of the running process, if any. */
    public Optional<ProcessHandle> handle() {
        return Optional.ofNullable(handle);
    }

    /**
     * Stops the process: SIGCONT (if paused), SIGTERM, then SIGKILL after a grace period. Redis
     * persists and exits on SIGTERM.
     */
    public void stop() {
        requestStop().ifPresent(h -> awaitOrKill(h, STOP_GRACE));
    }

    /** SIGCONT (if paused) and SIGTERM; the process to wait for, when it was running. */
    private synchronized Optional<ProcessHandle> requestStop() {
        ProcessHandle h = handle;
        if (h == null || hasExited(h)) {
            return Optional.empty();
        }
        signal("CONT");
        h.destroy();
        return Optional.of(h);
    }

    /** The last lines of the node's log, to explain a failed start. */
    public String logTail(int lines) {
        try {
            List<String> all = new ArrayList<>(Files.readAllLines(logFile));
            Path stdout = logFile.resolveSibling("stdout.log");
            if (Files.exists(stdout)) {
                all.addAll(Files.readAllLines(stdout));
            }
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public HostAndPort endpoint() {
        return endpoint;
    }

    @Override
    public boolean isSentinel() {
        return sentinel;
    }

    @Override
    public long pid() {
        ProcessHandle h = handle;
        return h != null && !hasExited(h) ? h.pid() : -1;
    }

    @Override
    public boolean isRunning() {
        ProcessHandle h = handle;
        return h != null && !hasExited(h);
    }

    @Override
    public void kill() {
        ProcessHandle h = handle;
        if (h != null) {
            h.destroyForcibly();
        }
    }

    @Override
    public void pause() {
        signal("STOP");
    }

    @Override
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        ProcessHandle h = handle;
        if (h == null || !h.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(h.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            throw new ProvisionException(name + ": cannot send SIG" + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

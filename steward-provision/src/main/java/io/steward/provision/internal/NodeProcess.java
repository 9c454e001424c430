package io.steward.provision.internal;

import io.steward.HostAndPort;
import io.steward.provision.Layout;
import io.steward.provision.LocalNode;
import io.steward.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One redis-server or redis-sentinel process, started in its own session ({@code setsid}) so that
 * a Ctrl-C in the terminal reaches only Steward, which then stops the nodes in order. The process
 * may be one this JVM started or one adopted from its pid file.
 */
public final class NodeProcess implements LocalNode {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

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
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
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
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.add(binary.toString());
        command.add(configFile.toString());
        command.addAll(extraArgs);
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            logFile.resolveSibling("stdout.log").toFile()))
                    .start();
            handle = process.toHandle();
        } catch (IOException e) {
            throw new ProvisionException(name + ": cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    /** Adopts the process named in the pid file, if it is alive and a Redis process. */
    public synchronized boolean adopt() {
        Optional<ProcessHandle> found = readPid()
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(NodeProcess::looksLikeRedis);
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
    public synchronized void stop() {
        ProcessHandle h = handle;
        if (h == null || !h.isAlive()) {
            return;
        }
        signal("CONT");
        terminate(h, STOP_GRACE);
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
        return h != null && h.isAlive() ? h.pid() : -1;
    }

    @Override
    public boolean isRunning() {
        ProcessHandle h = handle;
        return h != null && h.isAlive();
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

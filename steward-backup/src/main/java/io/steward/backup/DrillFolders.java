package io.steward.backup;

import io.steward.StewardException;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The scratch folders of restore drills ({@code steward-drill-*} in the temporary directory) and the
 * throwaway servers started in them. Each folder records the process that owns it and, once started,
 * the pid of its server, so that a later drill can tell the leftovers of a killed drill from the folder
 * of one still running, and shut down a server such a drill orphaned.
 */
final class DrillFolders {

    static final String PREFIX = "steward-drill-";
    private static final String OWNER_FILE = "owner";
    private static final String SERVER_PID_FILE = "server.pid";
    /** A folder without an owner record this old is no drill's that is still starting. */
    private static final Duration UNCLAIMED_GRACE = Duration.ofMinutes(1);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** What {@link #removeLeftovers} did. */
    record Sweep(int folders, int servers) {
        boolean isEmpty() {
            return folders == 0 && servers == 0;
        }
    }

    private DrillFolders() {}

    /** A new 0700 drill folder in {@code root}, recording this process as its owner. */
    static Path create(Path root) throws IOException {
        Path dir = OwnerOnlyFiles.createTempDirectory(root, PREFIX);
        ProcessHandle self = ProcessHandle.current();
        write(dir.resolve(OWNER_FILE), self.pid() + " " + startMillis(self).orElse(0L));
        return dir;
    }

    /** Records the pid of the server started in {@code dir}. */
    static void recordServer(Path dir, long pid) throws IOException {
        write(dir.resolve(SERVER_PID_FILE), Long.toString(pid));
    }

    /**
     * Removes the drill folders in {@code root} whose owning process is gone, first shutting down a server
     * of ours still running in one. Folders of running drills and folders that are not ours (another user's,
     * unreadable) are left alone.
     *
     * @throws InterruptedException when interrupted while waiting for an orphaned server to stop
     */
    static Sweep removeLeftovers(Path root, Instant now) throws InterruptedException {
        int folders = 0;
        int servers = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir) || !Files.isWritable(dir) || !isLeftover(dir, now)) {
                    continue;
                }
                if (stopOrphanedServer(dir)) {
                    servers++;
                }
                BackupCatalog.deleteTree(dir);
                folders++;
            }
        } catch (IOException | StewardException e) {
            // a temporary directory we cannot list or clean only keeps its leftovers; the drill itself goes on
        }
        return new Sweep(folders, servers);
    }

    private static boolean isLeftover(Path dir, Instant now) throws IOException {
        Path owner = dir.resolve(OWNER_FILE);
        if (!Files.exists(owner)) {
            return Files.getLastModifiedTime(dir)
                    .toInstant()
                    .plus(UNCLAIMED_GRACE)
                    .isBefore(now);
        }
        String[] fields = Files.readString(owner).strip().split(" ");
        try {
            long pid = Long.parseLong(fields[0]);
            long started = fields.length > 1 ? Long.parseLong(fields[1]) : 0;
            // the same pid with another start time is a new process that reused the number
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> startMillis(p).orElse(0L) == started)
                    .isEmpty();
        } catch (NumberFormatException e) {
            return true; // not a record we wrote: an owner we cannot check is no owner
        }
    }

    /** Shuts down the server recorded in {@code dir} if it still runs there; whether there was one. */
    private static boolean stopOrphanedServer(Path dir) throws IOException, InterruptedException {
        Path pidFile = dir.resolve(SERVER_PID_FILE);
        if (!Files.exists(pidFile)) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<String> listening = listenAddress(dir.resolve(RestoreDrill.CONFIG_FILE));
        if (listening.isEmpty()) {
            return false;
        }
        // only a redis-server listening where this folder's config says (redis-server shows its address in
        // its process title): never a process that reused the pid
        Optional<ProcessHandle> server = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> {
                    String title = processTitle(p);
                    return title.contains("redis-server") && title.contains(listening.get());
                });
        if (server.isEmpty()) {
            return false;
        }
        server.get().destroyForcibly();
        try {
            server.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // killed; a zombie waiting for its new parent to reap it holds no data
        }
        return true;
    }

    /**
     * What {@code ps} shows for {@code process}. redis-server rewrites its arguments into a title such as
     * {@code /usr/bin/redis-server 127.0.0.1:6379}, which {@link ProcessHandle.Info#commandLine()} does not
     * report (on Debian redis-server is a link to redis-check-rdb), so Linux's {@code /proc} is read first.
     */
    private static String processTitle(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }

    /** {@code 127.0.0.1:PORT} from a drill's config file, as redis-server shows it in its process title. */
    private static Optional<String> listenAddress(Path config) throws IOException {
        if (!Files.exists(config)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(config)) {
            return lines.filter(l -> l.startsWith("port "))
                    .map(l -> "127.0.0.1:" + l.substring("port ".length()).strip())
                    .findFirst();
        }
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
    }
}

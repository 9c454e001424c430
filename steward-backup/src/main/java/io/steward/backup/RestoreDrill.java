package io.steward.backup;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.steward.BackupCorruptedException;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.rdb.DatasetDigest;
import io.steward.backup.rdb.RdbReader;
import io.steward.provision.OwnerOnlyFiles;
import io.steward.provision.RedisBinaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Proves a backup restores: each RDB part is decrypted to a temporary file, checked with
 * {@code redis-check-rdb}, loaded by a throwaway {@code redis-server} on a free loopback port, and
 * the server's dataset digest (every key's type, value and TTL presence, read back with DUMP) is
 * compared with the digest of the parsed file. Keys whose TTL had passed before the server loaded
 * the file are left out of the file's digest, as the server drops them on load.
 *
 * <p>The decrypted data is the owner's only: the drill folder is 0700, the RDB in it 0600, and the
 * throwaway server requires a fresh random password, which it reads from a 0600 config file in
 * that folder (never from its command line, which {@code ps} shows), so another local user can
 * neither read the file nor query the server while the drill runs.
 *
 * <p>The throwaway server does not outlive the drill: it is started through {@code setpriv --pdeathsig KILL}
 * where util-linux provides it, so the kernel kills it when the thread that started it (the one running
 * the drill) dies, even by {@code kill -9}; a shutdown hook stops it when the JVM exits on SIGTERM; and each
 * drill first removes the folders of earlier drills whose process is gone, shutting down a server of theirs
 * that still runs ({@link DrillFolders}).
 */
final class RestoreDrill {

    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);
    static final String CONFIG_FILE = "redis.conf";
    /** util-linux's {@code setpriv} on the PATH, which can tie a child's life to its parent thread. */
    private static final Optional<Path> SETPRIV = Stream.of(
                    System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
            .filter(d -> !d.isEmpty())
            .map(d -> Path.of(d, "setpriv"))
            .filter(Files::isExecutable)
            .findFirst();

    private static final int PASSWORD_BYTES = 32;

    /** The throwaway server of one drill, as a test observes it once it has loaded the backup. */
    record ScratchServer(HostAndPort endpoint, ProcessHandle process, Path dir, Path configFile) {}

    private final Path backupDir;
    private final BackupManifest manifest;
    private final BackupKey key;
    private final Consumer<ScratchServer> whileLoaded;
    private final SecureRandom random = new SecureRandom();

    RestoreDrill(Path backupDir, BackupManifest manifest, BackupKey key) {
        this(backupDir, manifest, key, server -> {});
    }

    /** A drill that shows each loaded throwaway server to {@code whileLoaded} before comparing digests. */
    RestoreDrill(Path backupDir, BackupManifest manifest, BackupKey key, Consumer<ScratchServer> whileLoaded) {
        this.backupDir = backupDir;
        this.manifest = manifest;
        this.key = key;
        this.whileLoaded = whileLoaded;
    }

    void run(List<VerifyReport.Check> checks) {
        RedisBinaries binaries = RedisBinaries.locate();
        Path scratchRoot = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            DrillFolders.Sweep sweep = DrillFolders.removeLeftovers(scratchRoot, Instant.now());
            if (!sweep.isEmpty()) {
                checks.add(new VerifyReport.Check(
                        "drill-leftovers",
                        scratchRoot.toString(),
                        true,
                        "removed " + sweep.folders() + " folder(s) of earlier drills that were killed"
                                + (sweep.servers() > 0
                                        ? ", shut down " + sweep.servers() + " throwaway server(s) they left running"
                                        : "")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new VerifyReport.Check("drill", scratchRoot.toString(), false, "interrupted"));
            return;
        }
        for (BackupPart part : manifest.rdbParts()) {
            Path tmp = null;
            try {
                tmp = DrillFolders.create(scratchRoot);
                Path rdb = tmp.resolve("dump.rdb");
                try (InputStream in = StreamingBackupEngine.decrypted(backupDir.resolve(part.file()), key);
                        OutputStream out = OwnerOnlyFiles.create(rdb)) {
                    in.transferTo(out);
                }
                checks.add(checkRdb(binaries.server().resolveSibling("redis-check-rdb"), rdb, part.file()));
                checks.add(drillPart(binaries.server(), tmp, rdb, part));
            } catch (IOException | StewardException e) {
                checks.add(new VerifyReport.Check("drill", part.file(), false, e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                checks.add(new VerifyReport.Check("drill", part.file(), false, "interrupted"));
            } finally {
                if (tmp != null) {
                    BackupCatalog.deleteTree(tmp);
                }
            }
        }
    }

    private static VerifyReport.Check checkRdb(Path tool, Path rdb, String target)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(tool.toString(), rdb.toString())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new VerifyReport.Check("redis-check-rdb", target, false, "did not finish in " + TOOL_TIMEOUT);
        }
        String text = new String(output, StandardCharsets.UTF_8).strip();
        String last = text.lines()
                .filter(l -> l.contains("RDB looks OK"))
                .findFirst()
                .orElse(text.lines().reduce((a, b) -> b).orElse(""))
                .replace("\\o/", "")
                .strip();
        return new VerifyReport.Check(
                "redis-check-rdb",
                target,
                process.exitValue() == 0,
                process.exitValue() == 0 ? last : "exit " + process.exitValue() + ": " + last);
    }

    /** Loads {@code rdb} into a throwaway server and compares its digest with the file's. */
    private VerifyReport.Check drillPart(Path server, Path dir, Path rdb, BackupPart part)
            throws IOException, InterruptedException {
        int port = freePort();
        String password = HexFormat.of().formatHex(randomBytes());
        Path conf = dir.resolve(CONFIG_FILE);
        OwnerOnlyFiles.replace(conf, scratchConfig(dir, port, password).getBytes(StandardCharsets.UTF_8));
        // started from this thread, which runs the whole drill: PDEATHSIG follows the thread that forked
        Process redis = new ProcessBuilder(diesWithThisThread(List.of(server.toString(), conf.toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Thread stopOnExit = new Thread(redis::destroyForcibly, "steward-drill-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            DrillFolders.recordServer(dir, redis.pid());
            return compareDigests(redis, port, password, dir, conf, rdb, part);
        } finally {
            stop(redis);
            removeHook(stopOnExit);
        }
    }

    private VerifyReport.Check compareDigests(
            Process redis, int port, String password, Path dir, Path conf, Path rdb, BackupPart part)
            throws IOException, InterruptedException {
        long loadedAt = System.currentTimeMillis();
        RedisClient lettuce = RedisClient.create();
        RedisURI uri = RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port)
                .withPassword(password.toCharArray())
                .build();
        try (StatefulRedisConnection<byte[], byte[]> connection = awaitLoaded(lettuce, uri, redis)) {
            whileLoaded.accept(new ScratchServer(HostAndPort.of("127.0.0.1", port), redis.toHandle(), dir, conf));
            DatasetDigest live =
                    DatasetDigest.ofServer(connection, part.keysPerDb().keySet());
            DatasetDigest parsed = new DatasetDigest();
            long[] expired = {0};
            try (InputStream in = Files.newInputStream(rdb)) {
                RdbReader.read(
                        new java.io.BufferedInputStream(in, 1 << 16),
                        (entry, value) -> {
                            if (entry.expireAtMillis() >= 0 && entry.expireAtMillis() <= loadedAt) {
                                expired[0]++;
                            } else {
                                parsed.add(entry.db(), entry.key(), value.decode(), entry.expireAtMillis() >= 0);
                            }
                        },
                        false);
            }
            boolean same = live.hex().equals(parsed.hex()) && live.keys() == parsed.keys();
            String detail = same
                    ? live.keys() + " keys restored in a throwaway redis-server, digests match"
                            + (expired[0] > 0 ? " (" + expired[0] + " keys had expired)" : "")
                    : "restored server has " + live.keys() + " keys ("
                            + live.hex().substring(0, 16) + "), backup has " + parsed.keys() + " ("
                            + parsed.hex().substring(0, 16) + ")";
            return new VerifyReport.Check("drill-digest", part.file(), same, detail);
        } catch (BackupCorruptedException e) {
            return new VerifyReport.Check(e.check(), part.file(), false, e.getMessage());
        } finally {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static void stop(Process redis) throws InterruptedException {
        redis.destroy();
        if (!redis.waitFor(10, TimeUnit.SECONDS)) {
            redis.destroyForcibly();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down, and the hook is stopping the server
        }
    }

    /**
     * {@code command} run through {@code setpriv --pdeathsig KILL} when util-linux's setpriv is there, so the
     * kernel kills it when the forking thread dies; otherwise {@code command} as is, covered by the shutdown
     * hook and the next drill's sweep only.
     */
    static List<String> diesWithThisThread(List<String> command) {
        return SETPRIV.map(setpriv -> {
                    List<String> wrapped = new ArrayList<>(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
                    wrapped.addAll(command);
                    return List.copyOf(wrapped);
                })
                .orElse(command);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Loopback only, a password, no persistence, no debug or module commands. */
    private static String scratchConfig(Path dir, int port, String password) {
        return "# Steward restore drill: a throwaway server for one backup part. Holds a secret: 0600.\n"
                + "bind 127.0.0.1\n"
                + "protected-mode yes\n"
                + "port " + port + "\n"
                + "requirepass " + password + "\n"
                + "dir " + dir + "\n"
                + "dbfilename dump.rdb\n"
                + "save \"\"\n"
                + "appendonly no\n"
                + "daemonize no\n"
                + "enable-debug-command no\n"
                + "enable-module-command no\n"
                + "logfile " + dir.resolve("redis.log") + "\n";
    }

    private static StatefulRedisConnection<byte[], byte[]> awaitLoaded(RedisClient lettuce, RedisURI uri, Process redis)
            throws InterruptedException {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline && redis.isAlive()) {
            try {
                StatefulRedisConnection<byte[], byte[]> c = lettuce.connect(ByteArrayCodec.INSTANCE, uri);
                c.setTimeout(Duration.ofMinutes(1));
                if (isLoaded(c.sync().info("persistence"))) {
                    return c;
                }
                c.close();
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new StewardException("the drill's redis-server on port " + uri.getPort() + " did not load the backup"
                + (redis.isAlive() ? " within " + LOAD_TIMEOUT.toMinutes() + " min" : " (it exited)")
                + (last == null ? "" : ": " + last.getMessage()));
    }

    /**
     * Whether {@code INFO persistence} says the data set is loaded: its {@code loading:0} line, not
     * {@code async_loading:0}, which Redis 7 also prints while it loads at start-up.
     */
    static boolean isLoaded(String persistence) {
        return persistence.lines().anyMatch(line -> line.strip().equals("loading:0"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package io.steward.backup;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.steward.BackupCorruptedException;
import io.steward.StewardException;
import io.steward.backup.internal.BackupKey;
import io.steward.backup.rdb.DatasetDigest;
import io.steward.backup.rdb.RdbReader;
import io.steward.provision.RedisBinaries;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Proves a backup restores: each RDB part is decrypted to a temporary file, checked with
 * {@code redis-check-rdb}, loaded by a throwaway {@code redis-server} on a free loopback port, and
 * the server's dataset digest (every key's type, value and TTL presence, read back with DUMP) is
 * compared with the digest of the parsed file. Keys whose TTL had passed before the server loaded
 * the file are left out of the file's digest, as the server drops them on load.
 */
final class RestoreDrill {

    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);

    private final Path backupDir;
    private final BackupManifest manifest;
    private final BackupKey key;

    RestoreDrill(Path backupDir, BackupManifest manifest, BackupKey key) {
        this.backupDir = backupDir;
        this.manifest = manifest;
        this.key = key;
    }

    void run(List<VerifyReport.Check> checks) {
        RedisBinaries binaries = RedisBinaries.locate();
        for (BackupPart part : manifest.rdbParts()) {
            Path tmp = null;
            try {
                tmp = Files.createTempDirectory("steward-drill-");
                Path rdb = tmp.resolve("dump.rdb");
                try (InputStream in = StreamingBackupEngine.decrypted(backupDir.resolve(part.file()), key)) {
                    Files.copy(in, rdb);
                }
                checks.add(checkRdb(binaries.server().resolveSibling("redis-check-rdb"), rdb, part.file()));
                checks.add(compareDigests(binaries.server(), tmp, rdb, part));
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

    private VerifyReport.Check compareDigests(Path server, Path dir, Path rdb, BackupPart part)
            throws IOException, InterruptedException {
        int port = freePort();
        Process redis = new ProcessBuilder(
                        server.toString(),
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dir.toString(),
                        "--dbfilename",
                        "dump.rdb",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--daemonize",
                        "no",
                        "--logfile",
                        dir.resolve("redis.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long loadedAt = System.currentTimeMillis();
        RedisClient lettuce = RedisClient.create();
        try (StatefulRedisConnection<byte[], byte[]> connection = awaitLoaded(lettuce, port, redis)) {
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
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    private static StatefulRedisConnection<byte[], byte[]> awaitLoaded(RedisClient lettuce, int port, Process redis)
            throws InterruptedException {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline && redis.isAlive()) {
            try {
                StatefulRedisConnection<byte[], byte[]> c =
                        lettuce.connect(ByteArrayCodec.INSTANCE, RedisURI.create("127.0.0.1", port));
                c.setTimeout(Duration.ofMinutes(1));
                if (c.sync().info("persistence").contains("loading:0")) {
                    return c;
                }
                c.close();
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new StewardException("the drill's redis-server on port " + port + " did not load the backup"
                + (redis.isAlive() ? " within " + LOAD_TIMEOUT.toMinutes() + " min" : " (it exited)")
                + (last == null ? "" : ": " + last.getMessage()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

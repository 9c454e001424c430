package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.provision.AclUser;
import io.steward.provision.RedisBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The peers of the backup and restore benchmarks, run as a shell would: {@code redis-cli --rdb - |
 * zstd -3 -T1 > FILE} and {@code redis-cli --pipe < FILE}. Both authenticate as the admin user with
 * the password in {@code REDISCLI_AUTH}, never in argv. bash's {@code times} reports the CPU time of
 * the pipeline's processes.
 */
final class RedisCliPeer {

    static final String BACKUP_DESCRIPTION =
            "redis-cli --user admin --rdb - | zstd -3 -T1 > FILE (bash, pipefail; REDISCLI_AUTH)";
    static final String RESTORE_DESCRIPTION =
            "redis-cli --user admin --pipe < FILE (REDISCLI_AUTH), FILE holding RESTORE key ttl payload REPLACE ABSTTL"
                    + " for every key, generated untimed from the same Steward backup by the encoder Steward sends"
                    + " with (the same bytes)";
    static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(20);

    private static final String BACKUP_SCRIPT =
            """
            set -o pipefail
            "$REDIS_CLI" -h "$HOST" -p "$PORT" --user "$REDIS_USER" --rdb - 2>>"$LOG" \
              | "$ZSTD" -3 -T1 -q -c > "$OUT" 2>>"$LOG"
            rc=$?
            times
            exit $rc
            """;
    private static final String RESTORE_SCRIPT =
            """
            "$REDIS_CLI" -h "$HOST" -p "$PORT" --user "$REDIS_USER" --pipe < "$IN" 2>>"$LOG"
            rc=$?
            times
            exit $rc
            """;
    private static final Pattern CLOCK = Pattern.compile("(\\d+)m([\\d.]+)s");
    private static final Pattern PIPE_SUMMARY = Pattern.compile("errors: (\\d+), replies: (\\d+)");

    private final Path redisCli;
    private final Path zstd;
    private final HostAndPort node;
    private final Path workDir;
    private final LongSupplier nanoTime;

    RedisCliPeer(RedisBinaries binaries, Path zstd, HostAndPort node, Path workDir, LongSupplier nanoTime) {
        this.redisCli = binaries.server().resolveSibling("redis-cli");
        this.zstd = zstd;
        this.node = node;
        this.workDir = workDir;
        this.nanoTime = nanoTime;
        if (!Files.isExecutable(redisCli)) {
            throw new StewardException("redis-cli is missing next to redis-server (" + redisCli + ")");
        }
    }

    /**
     * The zstd command line tool on the PATH (or /usr/bin/zstd).
     *
     * @throws StewardException when there is none: the backup peer needs it
     */
    static Path requireZstd() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin";
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "zstd"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new StewardException("the backup benchmark's peer pipes redis-cli --rdb into the"
                        + " zstd command line tool, which is not installed (not on PATH, not /usr/bin/zstd);"
                        + " install it with: sudo apt-get install zstd"));
    }

    /** The outcome of one peer process: wall time, CPU time of its processes, and its standard output. */
    record Outcome(long nanos, Double cpuSeconds, String stdout) {}

    /**
     * Runs {@code redis-cli --rdb - | zstd -3 -T1 > out}, from starting bash to its exit.
     *
     * @throws StewardException when either process fails
     */
    Outcome backup(Path out, char[] password) {
        return run(BACKUP_SCRIPT, Map.of("OUT", out.toString(), "ZSTD", zstd.toString()), password, "redis-cli --rdb");
    }

    /**
     * Runs {@code redis-cli --pipe < in} from starting bash to its exit, which is after the last reply.
     *
     * @return the outcome; {@link #replies} and {@link #errors} parse its summary
     * @throws StewardException when redis-cli fails
     */
    Outcome pipe(Path in, char[] password) {
        return run(RESTORE_SCRIPT, Map.of("IN", in.toString()), password, "redis-cli --pipe");
    }

    static long replies(Outcome outcome) {
        return Long.parseLong(pipeSummary(outcome).group(2));
    }

    static long errors(Outcome outcome) {
        return Long.parseLong(pipeSummary(outcome).group(1));
    }

    private static Matcher pipeSummary(Outcome outcome) {
        Matcher m = PIPE_SUMMARY.matcher(outcome.stdout());
        if (!m.find()) {
            throw new StewardException(
                    "redis-cli --pipe printed no 'errors: N, replies: N' summary: " + outcome.stdout());
        }
        return m;
    }

    private Outcome run(String script, Map<String, String> files, char[] password, String what) {
        Path stdout = workDir.resolve("peer.out");
        Path log = workDir.resolve("peer.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script)
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.putAll(files);
        env.put("REDIS_CLI", redisCli.toString());
        env.put("HOST", node.host());
        env.put("PORT", Integer.toString(node.port()));
        env.put("REDIS_USER", AclUser.ADMIN.userName());
        env.put("LOG", log.toString());
        env.put("REDISCLI_AUTH", new String(password));
        Process process;
        long start = nanoTime.getAsLong();
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new StewardException("cannot start bash for " + what + ": " + e.getMessage(), e);
        } finally {
            env.remove("REDISCLI_AUTH");
        }
        try {
            if (!process.waitFor(PROCESS_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                throw new StewardException(what + " did not finish within " + PROCESS_TIMEOUT.toMinutes() + " min");
            }
            long nanos = nanoTime.getAsLong() - start;
            String out = Files.readString(stdout);
            if (process.exitValue() != 0) {
                throw new StewardException(
                        what + " failed (exit " + process.exitValue() + "); see " + log + ": " + tail(log));
            }
            return new Outcome(nanos, childCpuSeconds(out), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted while " + what + " ran", e);
        } catch (IOException e) {
            throw new StewardException("cannot read the output of " + what + ": " + e.getMessage(), e);
        } finally {
            destroy(process);
        }
    }

    /** bash's {@code times}: the last line holds user and system time of its finished children. */
    static Double childCpuSeconds(String stdout) {
        List<String> lines = stdout.strip().lines().toList();
        if (lines.isEmpty()) {
            return null;
        }
        Matcher m = CLOCK.matcher(lines.get(lines.size() - 1));
        double total = 0;
        int found = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2));
            found++;
        }
        return found == 2 ? Seconds.round(total) : null;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static void destroy(Process process) {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}

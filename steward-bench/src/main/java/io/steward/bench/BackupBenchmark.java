package io.steward.bench;

import com.github.luben.zstd.ZstdInputStream;
import io.steward.StewardException;
import io.steward.backup.BackupManifest;
import io.steward.backup.BackupType;
import io.steward.provision.RedisBinaries;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Backup throughput: {@code BackupEngine.create} (what {@code steward backup create} runs: the RDB
 * over PSYNC, SHA-256, zstd -3, AES-256-GCM chunks, a parser thread counting keys) against
 * {@code redis-cli --rdb - | zstd -3 -T1 > FILE}, alternately first, on the same server and data set.
 * MB/s counts raw RDB bytes (10^6 bytes per MB).
 */
final class BackupBenchmark {

    /** The goal: Steward MB/s ÷ peer MB/s. */
    static final double GOAL_RATIO = 1.0;

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final LongSupplier nanoTime;
    private final Consumer<String> progress;

    BackupBenchmark(BenchArgs args, RedisBinaries binaries, LongSupplier nanoTime, Consumer<String> progress) {
        this.args = args;
        this.binaries = binaries;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    BackupBenchReport run() {
        Path zstd = RedisCliPeer.requireZstd();
        BackupDataset dataset = new BackupDataset(args.keysOr(BenchArgs.DEFAULT_KEYS));
        try (BackupDeployment d = BackupDeployment.start(binaries, "backup", progress)) {
            d.warmUp();
            progress.accept("fill: " + dataset.keys() + " keys ...");
            long fillStart = nanoTime.getAsLong();
            d.fill(dataset);
            double fillSeconds = Seconds.of(nanoTime.getAsLong() - fillStart);
            progress.accept(
                    "fill: done in " + fillSeconds + " s, used_memory " + d.infoField("memory", "used_memory_human"));
            RedisCliPeer peer = new RedisCliPeer(binaries, zstd, d.node(), d.home(), nanoTime);
            List<BackupBenchReport.Run> runs = new ArrayList<>();
            for (int run = 1; run <= args.runs(); run++) {
                boolean stewardFirst = run % 2 == 1;
                BackupBenchReport.Side steward;
                BackupBenchReport.Side other;
                if (stewardFirst) {
                    steward = steward(d, dataset);
                    other = peer(d, peer);
                } else {
                    other = peer(d, peer);
                    steward = steward(d, dataset);
                }
                Double ratio = Seconds.ratio(steward.mbPerSecond(), other.mbPerSecond());
                progress.accept(String.format(
                        "backup run %d/%d: steward %.1f MB/s (%.3f s), peer %.1f MB/s (%.3f s), ratio %s",
                        run,
                        args.runs(),
                        steward.mbPerSecond(),
                        steward.seconds(),
                        other.mbPerSecond(),
                        other.seconds(),
                        ratio));
                runs.add(new BackupBenchReport.Run(run, stewardFirst ? "steward" : "peer", steward, other, ratio));
            }
            return report(runs, dataset, fillSeconds, d);
        }
    }

    private BackupBenchReport.Side steward(BackupDeployment d, BackupDataset dataset) {
        d.awaitIdle();
        long forks = d.totalForks();
        long pid = d.serverPid();
        long serverCpu = CpuTime.ofPid(pid);
        long clientCpu = CpuTime.thisProcess();
        long[] firstByte = {-1};
        long start = nanoTime.getAsLong();
        BackupManifest m = d.engine().create(BackupType.RDB, "bench", (phase, done, total) -> {
            if (firstByte[0] < 0) {
                firstByte[0] = nanoTime.getAsLong();
            }
        });
        long nanos = nanoTime.getAsLong() - start;
        long clientCpuAfter = CpuTime.thisProcess();
        d.awaitIdle(); // the server reaps its fork child, whose CPU time then counts
        long serverCpuAfter = CpuTime.ofPid(pid);
        if (m.keys() != dataset.keys()) {
            throw new StewardException(
                    "backup " + m.id() + " counted " + m.keys() + " keys, the server held " + dataset.keys());
        }
        BenchFiles.deleteTree(d.home().resolve("backups").resolve(m.id()));
        return side(
                nanos,
                m.rawBytes(),
                m.storedBytes(),
                firstByte[0] < 0 ? null : Seconds.of(firstByte[0] - start),
                CpuTime.seconds(clientCpu, clientCpuAfter),
                CpuTime.seconds(serverCpu, serverCpuAfter),
                d.totalForks() - forks);
    }

    private BackupBenchReport.Side peer(BackupDeployment d, RedisCliPeer peer) {
        d.awaitIdle();
        long forks = d.totalForks();
        long pid = d.serverPid();
        long serverCpu = CpuTime.ofPid(pid);
        Path out = d.home().resolve("peer-backup.rdb.zst");
        char[] password = d.adminPassword();
        RedisCliPeer.Outcome outcome;
        try {
            outcome = peer.backup(out, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        d.awaitIdle();
        long serverCpuAfter = CpuTime.ofPid(pid);
        long raw = rdbBytes(out);
        long stored = BenchFiles.size(out);
        BenchFiles.deleteTree(out);
        return side(
                outcome.nanos(),
                raw,
                stored,
                null,
                outcome.cpuSeconds(),
                CpuTime.seconds(serverCpu, serverCpuAfter),
                d.totalForks() - forks);
    }

    private static BackupBenchReport.Side side(
            long nanos,
            long raw,
            long stored,
            Double firstByteSeconds,
            Double clientCpu,
            Double serverCpu,
            long forks) {
        double seconds = Seconds.of(nanos);
        double mbPerSecond = Math.round(raw / 1e6 / (nanos / 1e9) * 10) / 10.0;
        double storedRatio = Math.round(stored * 1000.0 / raw) / 1000.0;
        return new BackupBenchReport.Side(
                seconds, raw, stored, storedRatio, mbPerSecond, firstByteSeconds, clientCpu, serverCpu, forks);
    }

    /** The size of the RDB in the peer's zstd file (decompressed untimed); checks that it is an RDB. */
    private static long rdbBytes(Path zst) {
        try (InputStream in = new ZstdInputStream(new BufferedInputStream(Files.newInputStream(zst), 1 << 16))) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int n;
            byte[] magic = new byte[5];
            int m = in.readNBytes(magic, 0, 5);
            if (m < 5 || !new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("REDIS")) {
                throw new StewardException("the peer's output " + zst + " is not a zstd-compressed RDB");
            }
            total += m;
            while ((n = in.read(buffer)) > 0) {
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw new StewardException("cannot decompress the peer's output " + zst + ": " + e.getMessage(), e);
        }
    }

    private BackupBenchReport report(
            List<BackupBenchReport.Run> runs, BackupDataset dataset, double fillSeconds, BackupDeployment d) {
        Summary steward = Summary.of(
                runs.stream().map(r -> (Double) r.steward().mbPerSecond()).toList());
        Summary peer = Summary.of(
                runs.stream().map(r -> (Double) r.peer().mbPerSecond()).toList());
        Double ratio = Seconds.ratio(steward.median(), peer.median());
        BackupBenchReport.Medians medians = new BackupBenchReport.Medians(
                steward.median(),
                peer.median(),
                ratio,
                Summary.of(runs.stream()
                                .map(r -> (Double) r.steward().seconds())
                                .toList())
                        .median(),
                Summary.of(runs.stream().map(r -> (Double) r.peer().seconds()).toList())
                        .median());
        Map<String, Object> data = dataset.describe();
        data.put("rdbBytes", runs.get(0).steward().rawBytes());
        data.put("usedMemory", d.infoField("memory", "used_memory_human"));
        data.put("fillSeconds", fillSeconds);
        return new BackupBenchReport(
                "backup",
                parameters(),
                data,
                "BackupEngine.create(RDB) as 'steward backup create' runs it: PSYNC (backup user), SHA-256,"
                        + " zstd -3, AES-256-GCM chunks to a file, RDB parser thread counting keys",
                RedisCliPeer.BACKUP_DESCRIPTION,
                new BackupBenchReport.Goal(GOAL_RATIO, ratio, ratio != null && ratio >= GOAL_RATIO),
                medians,
                steward,
                peer,
                List.copyOf(runs));
    }

    private Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("runs", args.runs());
        p.put("keys", args.keysOr(BenchArgs.DEFAULT_KEYS));
        p.put("server", BackupDeployment.DESCRIPTION);
        p.put(
                "measured",
                "Steward: the BackupEngine.create call to its return (published backup); peer: bash start to exit."
                        + " MB/s = raw RDB bytes / 10^6 / seconds. The order alternates, Steward first in odd runs;"
                        + " before each measurement the server has no fork child");
        p.put("warmUp", "an untimed backup and restore of " + BackupDeployment.WARM_UP_KEYS + " keys before the fill");
        p.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        return p;
    }
}

package io.steward.bench;

import io.steward.StewardException;
import io.steward.backup.BackupEngine;
import io.steward.backup.BackupManifest;
import io.steward.backup.BackupType;
import io.steward.backup.RestoreOptions;
import io.steward.backup.RestoreReport;
import io.steward.backup.internal.BackupKey;
import io.steward.provision.RedisBinaries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Restore throughput: {@code BackupEngine.restore} (what {@code steward restore ID --confirm
 * --no-pre-backup} runs: verification, then decryption, parsing and pipelined {@code RESTORE key
 * ttl payload REPLACE ABSTTL}) against {@code redis-cli --pipe} replaying the same RESTORE commands
 * from a file generated untimed from the same backup. Both into the same server, flushed before
 * each run, alternately first.
 */
final class RestoreBenchmark {

    /** The goal (issue 13): Steward keys/s ÷ peer keys/s, at least as fast as redis-cli --pipe. */
    static final double GOAL_RATIO = 1.0;

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final LongSupplier nanoTime;
    private final Consumer<String> progress;

    RestoreBenchmark(BenchArgs args, RedisBinaries binaries, LongSupplier nanoTime, Consumer<String> progress) {
        this.args = args;
        this.binaries = binaries;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    RestoreBenchReport run() {
        BackupDataset dataset = new BackupDataset(args.keysOr(BenchArgs.DEFAULT_KEYS));
        try (BackupDeployment d = BackupDeployment.start(binaries, "restore", progress)) {
            d.warmUp();
            progress.accept("fill: " + dataset.keys() + " keys ...");
            d.fill(dataset);
            progress.accept("source backup (untimed) ...");
            BackupManifest backup = d.engine().create(BackupType.RDB, "bench-source", BackupEngine.Progress.NONE);
            Path backupDir = d.home().resolve("backups").resolve(backup.id());
            Path commands = d.home().resolve("restore-commands.resp");
            progress.accept("RESTORE command file for the peer (untimed) ...");
            RestoreCommandFile.Written written = RestoreCommandFile.write(
                    backupDir,
                    backup,
                    BackupKey.load(d.home().resolve("secrets").resolve("backup.key")),
                    commands,
                    System.currentTimeMillis());
            if (written.keys() != dataset.keys()) {
                throw new StewardException(
                        "the RESTORE file holds " + written.keys() + " keys, the backup " + backup.keys());
            }
            RedisCliPeer peer = new RedisCliPeer(binaries, null, d.node(), d.home(), nanoTime);
            List<RestoreBenchReport.Run> runs = new ArrayList<>();
            for (int run = 1; run <= args.runs(); run++) {
                boolean stewardFirst = run % 2 == 1;
                RestoreBenchReport.Side steward;
                RestoreBenchReport.Side other;
                if (stewardFirst) {
                    steward = steward(d, backup, written.keys());
                    other = peer(d, peer, commands, written);
                } else {
                    other = peer(d, peer, commands, written);
                    steward = steward(d, backup, written.keys());
                }
                Double ratio = Seconds.ratio(steward.keysPerSecond(), other.keysPerSecond());
                progress.accept(String.format(
                        "restore run %d/%d: steward %.0f keys/s (%.3f s; transfer %s s), peer %.0f keys/s (%.3f s),"
                                + " ratio %s",
                        run,
                        args.runs(),
                        steward.keysPerSecond(),
                        steward.seconds(),
                        steward.transferSeconds(),
                        other.keysPerSecond(),
                        other.seconds(),
                        ratio));
                runs.add(new RestoreBenchReport.Run(run, stewardFirst ? "steward" : "peer", steward, other, ratio));
            }
            Map<String, Object> data = dataset.describe();
            data.put("rdbBytes", backup.rawBytes());
            data.put("backupStoredBytes", backup.storedBytes());
            data.put("restoreCommandFileBytes", written.bytes());
            data.put("usedMemoryAfterLastRun", d.infoField("memory", "used_memory_human"));
            return report(runs, data);
        }
    }

    private RestoreBenchReport.Side steward(BackupDeployment d, BackupManifest backup, long expected) {
        d.flushAll();
        long forks = d.totalForks();
        long pid = d.serverPid();
        long serverCpu = CpuTime.ofPid(pid);
        long clientCpu = CpuTime.thisProcess();
        long start = nanoTime.getAsLong();
        RestoreReport r = d.engine().restore(backup.id(), new RestoreOptions(true, false, null));
        long nanos = nanoTime.getAsLong() - start;
        long clientCpuAfter = CpuTime.thisProcess();
        d.awaitIdle();
        long serverCpuAfter = CpuTime.ofPid(pid);
        long size = d.dbsize();
        if (r.keysRestored() != expected || size != expected) {
            throw new StewardException("Steward restored " + r.keysRestored() + " keys and the server holds " + size
                    + ", expected " + expected);
        }
        double transfer = Seconds.of(r.took().toNanos());
        return new RestoreBenchReport.Side(
                Seconds.of(nanos),
                r.keysRestored(),
                perSecond(r.keysRestored(), nanos),
                transfer,
                perSecond(r.keysRestored(), r.took().toNanos()),
                CpuTime.seconds(clientCpu, clientCpuAfter),
                CpuTime.seconds(serverCpu, serverCpuAfter),
                d.totalForks() - forks);
    }

    private RestoreBenchReport.Side peer(
            BackupDeployment d, RedisCliPeer peer, Path commands, RestoreCommandFile.Written written) {
        d.flushAll();
        long forks = d.totalForks();
        long pid = d.serverPid();
        long serverCpu = CpuTime.ofPid(pid);
        char[] password = d.adminPassword();
        RedisCliPeer.Outcome outcome;
        try {
            outcome = peer.pipe(commands, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        d.awaitIdle();
        long serverCpuAfter = CpuTime.ofPid(pid);
        long errors = RedisCliPeer.errors(outcome);
        long replies = RedisCliPeer.replies(outcome);
        long size = d.dbsize();
        if (errors != 0 || replies != written.commands() || size != written.keys()) {
            throw new StewardException("redis-cli --pipe: " + errors + " errors, " + replies + " replies to "
                    + written.commands() + " commands; the server holds " + size + " keys, expected " + written.keys());
        }
        return new RestoreBenchReport.Side(
                Seconds.of(outcome.nanos()),
                size,
                perSecond(size, outcome.nanos()),
                null,
                null,
                outcome.cpuSeconds(),
                CpuTime.seconds(serverCpu, serverCpuAfter),
                d.totalForks() - forks);
    }

    private static double perSecond(long keys, long nanos) {
        return Math.round(keys / (nanos / 1e9));
    }

    private RestoreBenchReport report(List<RestoreBenchReport.Run> runs, Map<String, Object> data) {
        Summary steward = Summary.of(
                runs.stream().map(r -> (Double) r.steward().keysPerSecond()).toList());
        Summary transfer = Summary.of(
                runs.stream().map(r -> r.steward().transferKeysPerSecond()).toList());
        Summary peer = Summary.of(
                runs.stream().map(r -> (Double) r.peer().keysPerSecond()).toList());
        Double ratio = Seconds.ratio(steward.median(), peer.median());
        Double transferRatio = Seconds.ratio(transfer.median(), peer.median());
        return new RestoreBenchReport(
                "restore",
                parameters(),
                data,
                "BackupEngine.restore(id, confirmed, no pre-restore backup) as 'steward restore ID --confirm"
                        + " --no-pre-backup' runs it: manifest MAC and stored SHA-256 check, then decrypt, parse"
                        + " and RESTORE streamed over one socket (RestorePipe, commands by RestoreEncoder)",
                RedisCliPeer.RESTORE_DESCRIPTION,
                new RestoreBenchReport.Goal(GOAL_RATIO, ratio, ratio != null && ratio >= GOAL_RATIO),
                new RestoreBenchReport.Medians(
                        steward.median(), transfer.median(), peer.median(), ratio, transferRatio),
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
                "Steward: the BackupEngine.restore call to its return (all replies in); peer: bash start to"
                        + " redis-cli's exit after the last reply. keys/s = keys / seconds. Before each"
                        + " measurement: FLUSHALL, BGREWRITEAOF (an empty AOF base, so every run triggers the same"
                        + " automatic AOF rewrites) and no fork child. The order alternates, Steward first in"
                        + " odd runs");
        p.put("warmUp", "an untimed backup and restore of " + BackupDeployment.WARM_UP_KEYS + " keys before the fill");
        p.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        return p;
    }
}

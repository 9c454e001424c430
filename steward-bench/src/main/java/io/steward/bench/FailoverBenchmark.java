package io.steward.bench;

import io.steward.provision.RedisBinaries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Sentinel failover under kill -9 of the master: how long writes stop through Steward's
 * {@code commands()} and through Lettuce's MasterReplica, side by side in each run, and how many
 * acknowledged writes each loses. See {@link FailoverRun} for one run.
 */
final class FailoverBenchmark {

    /** The goal: Steward's gap is at most down-after-milliseconds plus this. */
    static final double GOAL_MARGIN_SECONDS = 2.0;

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final LongSupplier nanoTime;
    private final Consumer<String> progress;

    FailoverBenchmark(BenchArgs args, RedisBinaries binaries, LongSupplier nanoTime, Consumer<String> progress) {
        this.args = args;
        this.binaries = binaries;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    FailoverReport run() {
        FailoverRun oneRun = new FailoverRun(args, binaries, nanoTime, progress);
        List<FailoverRunResult> runs = new ArrayList<>();
        for (int i = 1; i <= args.runs(); i++) {
            progress.accept("failover run " + i + "/" + args.runs() + " ("
                    + args.profile().id() + ", down-after "
                    + args.profile().downAfter().toMillis() + " ms, " + args.writers() + " writers per client)");
            runs.add(oneRun.run(i));
        }
        return report(runs);
    }

    private FailoverReport report(List<FailoverRunResult> runs) {
        double goalSeconds = args.profile().downAfter().toMillis() / 1000.0 + GOAL_MARGIN_SECONDS;
        List<Integer> missing = runs.stream()
                .filter(r -> !r.stewardMeetsGoal())
                .map(FailoverRunResult::run)
                .toList();
        Double stewardGap = median(runs, r -> r.steward().gapSeconds());
        Double lettuceGap = median(runs, r -> r.lettuce().gapSeconds());
        FailoverReport.Medians medians = new FailoverReport.Medians(
                median(runs, FailoverRunResult::switchSeconds),
                stewardGap,
                lettuceGap,
                Seconds.ratio(stewardGap, lettuceGap));
        Map<String, Long> lost = new LinkedHashMap<>();
        lost.put(
                "steward",
                runs.stream().mapToLong(r -> r.steward().lostAcknowledged()).sum());
        lost.put(
                "lettuce",
                runs.stream().mapToLong(r -> r.lettuce().lostAcknowledged()).sum());
        return new FailoverReport(
                "failover",
                parameters(),
                LettucePeer.DESCRIPTION + ", Lettuce " + BuildInfo.lettuceVersion(),
                new FailoverReport.Goal(goalSeconds, missing.isEmpty(), missing),
                medians,
                lost,
                List.copyOf(runs));
    }

    private Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("topology", "sentinel: master + 2 replicas + 3 sentinels on 127.0.0.1, TLS off");
        p.put("profile", args.profile().id());
        p.put("downAfterMillis", args.profile().downAfter().toMillis());
        p.put("runs", args.runs());
        p.put("writersPerClient", args.writers());
        p.put("write", "SET bench:CLIENT:wI:before-kill|after-kill N, N counting up per writer, synchronous");
        p.put("commandTimeoutMillis", FailoverRun.COMMAND_TIMEOUT.toMillis());
        p.put("failurePauseMillis", CounterWriter.FAILURE_PAUSE_MILLIS);
        p.put("warmupSeconds", FailoverRun.WARMUP.toSeconds());
        p.put("writersStopAtMostSecondsAfterSwitch", FailoverRun.WRITERS_AFTER_SWITCH.toSeconds());
        p.put("runBoundSeconds", FailoverRun.RUN_BOUND.toSeconds());
        p.put(
                "gap",
                "kill -9 to the moment every writer of the client had a write acknowledged that it issued"
                        + " after the old master process had exited");
        p.put(
                "switch",
                "kill -9 to the first +switch-master published by any sentinel (all three subscribed"
                        + " with plain Lettuce pub/sub); lastSentinelSwitchSeconds is when the last one had published it");
        p.put("stewardClient", "StewardClient commands() taken before the kill, client profile development");
        p.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        return p;
    }

    private static Double median(List<FailoverRunResult> runs, Function<FailoverRunResult, Double> value) {
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> values.add(value.apply(r)));
        return Summary.of(values).median();
    }
}

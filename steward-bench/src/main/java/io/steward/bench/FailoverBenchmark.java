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
 * {@code commands()}, through Lettuce's MasterReplica and through Redisson, side by side in each run, and how many
 * acknowledged writes each loses. See {@link FailoverRun} for one run.
 */
final class FailoverBenchmark {

    /** The goal: Steward's gap ends at most this long after the first {@code +switch-master}. */
    static final double GOAL_AFTER_SWITCH_SECONDS = 0.5;

    private static final List<String> CLIENTS = List.of("steward", "lettuce", "redisson");

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
        List<Integer> missing = runs.stream()
                .filter(r -> !r.stewardMeetsGoal())
                .map(FailoverRunResult::run)
                .toList();
        Map<String, Double> gaps = new LinkedHashMap<>();
        Map<String, Long> lost = new LinkedHashMap<>();
        for (int c = 0; c < CLIENTS.size(); c++) {
            int client = c;
            gaps.put(CLIENTS.get(c), median(runs, r -> r.clients().get(client).gapSeconds()));
            lost.put(
                    CLIENTS.get(c),
                    runs.stream()
                            .mapToLong(r -> r.clients().get(client).lostAcknowledged())
                            .sum());
        }
        Map<String, Double> ratios = new LinkedHashMap<>();
        CLIENTS.subList(1, CLIENTS.size())
                .forEach(peer -> ratios.put(peer, Seconds.ratio(gaps.get("steward"), gaps.get(peer))));
        FailoverReport.Medians medians =
                new FailoverReport.Medians(median(runs, FailoverRunResult::switchSeconds), gaps, ratios);
        Map<String, String> peers = new LinkedHashMap<>();
        peers.put("lettuce", LettucePeer.DESCRIPTION + ", Lettuce " + BuildInfo.lettuceVersion());
        peers.put("redisson", RedissonPeer.DESCRIPTION);
        return new FailoverReport(
                "failover",
                parameters(),
                peers,
                new FailoverReport.Goal(GOAL_AFTER_SWITCH_SECONDS, missing.isEmpty(), missing),
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

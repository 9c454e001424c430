package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.provision.RedisBinaries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code steward bench ratelimit}: decisions per second on one hot identity with 64 threads, at 1000 and 100 per
 * second, for Steward's GCRA and sliding window against Bucket4j's Lettuce backend, Redisson's {@code RRateLimiter}
 * and a bare GCRA script, on one local redis-server. Warm-up per contestant, then rounds that interleave the
 * contestants; medians of the rounds. Over-admissions are counted by the benchmark from the instants of the allowed
 * decisions, never taken from the limiter: no window of one period may hold more than the contestant's bound.
 */
final class RateLimitBenchmark {

    static final int THREADS = 64;
    static final List<Long> LIMITS = List.of(1000L, 100L);
    static final Duration PERIOD = Duration.ofSeconds(1);

    static final double GOAL_VS_REDISSON = 2.0;
    static final double GOAL_VS_BARE = 0.9;

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final Consumer<String> progress;
    private final List<Function<HostAndPort, RateLimitContestant>> contestants;

    RateLimitBenchmark(BenchArgs args, RedisBinaries binaries, Consumer<String> progress) {
        this(
                args,
                binaries,
                progress,
                List.of(
                        StewardRateLimitContestant::gcra,
                        StewardRateLimitContestant::slidingWindow,
                        RateLimitPeers::bucket4j,
                        RateLimitPeers::redisson,
                        RateLimitPeers::bareGcra));
    }

    /**
     * Contestants whose name starts with "Steward" are held to the goals against the ones named "Redisson
     * RRateLimiter" and "bare GCRA script".
     */
    RateLimitBenchmark(
            BenchArgs args,
            RedisBinaries binaries,
            Consumer<String> progress,
            List<Function<HostAndPort, RateLimitContestant>> contestants) {
        this.args = args;
        this.binaries = binaries;
        this.progress = progress;
        this.contestants = contestants;
    }

    /**
     * One contestant at one limit in one round.
     *
     * @param allowanceShare admitted per period as a share of the limit per period; a burst the contract allows
     *                       (a bucket that starts full, a sliding window begun just before the end) can take it
     *                       a little over 1
     * @param errors         decisions that threw (counted, the loop goes on)
     * @param firstError     the first of those, or null
     */
    record Measurement(
            double decisionsPerSecond,
            long decisions,
            long admitted,
            double allowanceShare,
            long maxInWindow,
            long overAdmitted,
            double latencyP50Ms,
            double latencyP99Ms,
            long errors,
            String firstError) {}

    record Result(
            String contestant,
            String description,
            String clock,
            long limit,
            long bound,
            List<Measurement> rounds,
            double decisionsPerSecond,
            double allowanceShare,
            long maxInWindow,
            long overAdmitted,
            double latencyP50Ms,
            double latencyP99Ms,
            long errors) {}

    record Report(
            String benchmark, String command, String workload, String redis, List<Result> results, List<Goal> goals)
            implements TextReport {
        @Override
        public String text() {
            return summary(this);
        }
    }

    Report run() {
        try (ScratchRedis server = ScratchRedis.start(binaries)) {
            // contestants close before the server stops, so that none of them reconnects in vain
            List<RateLimitContestant> open = new ArrayList<>();
            try {
                HostAndPort redis = server.address();
                for (Function<HostAndPort, RateLimitContestant> make : contestants) {
                    open.add(make.apply(redis));
                }
                if (args.warmUp() > 0) {
                    for (int c = 0; c < open.size(); c++) {
                        progress.accept(open.get(c).name() + ": warm-up " + args.warmUp() + " s ...");
                        measure(open.get(c), "w" + c, LIMITS.get(0), Duration.ofSeconds(args.warmUp()));
                    }
                }
                List<List<List<Measurement>>> byLimit = new ArrayList<>();
                for (int l = 0; l < LIMITS.size(); l++) {
                    List<List<Measurement>> byContestant = new ArrayList<>();
                    open.forEach(c -> byContestant.add(new ArrayList<>()));
                    byLimit.add(byContestant);
                }
                Duration length = Duration.ofSeconds(args.seconds());
                for (int round = 1; round <= args.rounds(); round++) {
                    for (int l = 0; l < LIMITS.size(); l++) {
                        long limit = LIMITS.get(l);
                        for (int c = 0; c < open.size(); c++) {
                            RateLimitContestant contestant = open.get(c);
                            Measurement m = measure(contestant, c + "-" + round + "-" + limit, limit, length);
                            byLimit.get(l).get(c).add(m);
                            progress.accept(String.format(
                                    "round %d/%d limit %d/s %s: %s decisions/s, admitted %d (%.1f %% of the allowance),"
                                            + " max %d in a window (bound %d), %d over-admitted, p99 %s, %d errors%s",
                                    round,
                                    args.rounds(),
                                    limit,
                                    contestant.name(),
                                    TextTable.thousands(m.decisionsPerSecond()),
                                    m.admitted(),
                                    m.allowanceShare() * 100,
                                    m.maxInWindow(),
                                    contestant.bound(limit),
                                    m.overAdmitted(),
                                    TextTable.ms(m.latencyP99Ms()),
                                    m.errors(),
                                    m.firstError() == null ? "" : " (the first: " + m.firstError() + ")"));
                        }
                    }
                }
                List<Result> results = new ArrayList<>();
                for (int l = 0; l < LIMITS.size(); l++) {
                    for (int c = 0; c < open.size(); c++) {
                        results.add(result(
                                open.get(c), LIMITS.get(l), byLimit.get(l).get(c)));
                    }
                }
                String command = "./steward bench ratelimit --rounds " + args.rounds() + " --seconds " + args.seconds()
                        + " --warmup " + args.warmUp();
                String workload = THREADS + " threads asking for 1 permit each, without pause, on one identity; limits "
                        + LIMITS + " per " + PERIOD.toSeconds() + " s; " + args.warmUp()
                        + " s warm-up per contestant, then " + args.rounds() + " interleaved rounds of "
                        + args.seconds()
                        + " s per limit and contestant, each on fresh state; medians of the rounds. Over-admissions are"
                        + " counted from the instants of the allowed decisions: the server's TIME where the contestant"
                        + " gives it (Steward: Decision.decidedAt; the bare script returns it), else the client's"
                        + " System.nanoTime() when the reply arrived";
                return new Report(
                        "ratelimit",
                        command,
                        workload,
                        "one local redis-server on " + redis + ", no persistence",
                        results,
                        goals(results));
            } finally {
                open.forEach(RateLimitContestant::close);
            }
        }
    }

    private static Measurement measure(RateLimitContestant contestant, String identity, long limit, Duration length) {
        RateLimitContestant.Limiter limiter = contestant.limiter("hot-" + identity, limit, PERIOD);
        LatencyHistogram[] latencies = new LatencyHistogram[THREADS];
        long[][] stamps = new long[THREADS][];
        int[] admitted = new int[THREADS];
        long[] decisions = new long[THREADS];
        ErrorTally errors = new ErrorTally(contestant.name());
        double seconds = TimedThreads.run(contestant.name(), THREADS, length, (t, deadline) -> {
            LatencyHistogram latency = new LatencyHistogram();
            latencies[t] = latency;
            long[] mine = new long[1024];
            int n = 0;
            long asked = 0;
            while (System.nanoTime() - deadline < 0) {
                long start = System.nanoTime();
                long at;
                try {
                    at = limiter.tryAcquire();
                } catch (RuntimeException e) {
                    errors.record(e);
                    continue;
                }
                latency.record(System.nanoTime() - start);
                asked++;
                if (at != RateLimitContestant.DENIED) {
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = at;
                }
            }
            stamps[t] = mine;
            admitted[t] = n;
            decisions[t] = asked;
        });
        LatencyHistogram all = new LatencyHistogram();
        int total = 0;
        long asked = 0;
        for (int t = 0; t < THREADS; t++) {
            all.add(latencies[t]);
            total += admitted[t];
            asked += decisions[t];
        }
        long[] merged = new long[total];
        int at = 0;
        for (int t = 0; t < THREADS; t++) {
            System.arraycopy(stamps[t], 0, merged, at, admitted[t]);
            at += admitted[t];
        }
        long bound = contestant.bound(limit);
        AdmissionCheck check = AdmissionCheck.of(merged, total, PERIOD.toNanos(), bound);
        double allowance = limit * seconds / (PERIOD.toNanos() / 1e9);
        return new Measurement(
                asked / seconds,
                asked,
                total,
                Math.round(total / allowance * 1000.0) / 1000.0,
                check.maxInWindow(),
                check.overAdmitted(),
                all.percentileMs(50),
                all.percentileMs(99),
                errors.count(),
                errors.first());
    }

    private static Result result(RateLimitContestant c, long limit, List<Measurement> rounds) {
        return new Result(
                c.name(),
                c.description(),
                c.clock(),
                limit,
                c.bound(limit),
                rounds,
                Math.round(Median.of(
                        rounds.stream().map(Measurement::decisionsPerSecond).toList())),
                Median.of(rounds.stream().map(Measurement::allowanceShare).toList()),
                rounds.stream().mapToLong(Measurement::maxInWindow).max().orElse(0),
                rounds.stream().mapToLong(Measurement::overAdmitted).sum(),
                Median.of(rounds.stream().map(Measurement::latencyP50Ms).toList()),
                Median.of(rounds.stream().map(Measurement::latencyP99Ms).toList()),
                rounds.stream().mapToLong(Measurement::errors).sum());
    }

    private static List<Goal> goals(List<Result> results) {
        List<Goal> goals = new ArrayList<>();
        for (long limit : LIMITS) {
            List<Result> atLimit =
                    results.stream().filter(r -> r.limit() == limit).toList();
            Result redisson = named(atLimit, "Redisson RRateLimiter");
            Result bare = named(atLimit, "bare GCRA script");
            for (Result steward : atLimit) {
                if (!steward.contestant().startsWith("Steward")) {
                    continue;
                }
                if (redisson != null) {
                    goals.add(Goal.ratio(
                            steward.contestant() + " at " + limit + "/s >= " + GOAL_VS_REDISSON + " x Redisson",
                            perRound(steward, redisson),
                            true,
                            GOAL_VS_REDISSON));
                }
                if (bare != null) {
                    goals.add(Goal.ratio(
                            steward.contestant() + " at " + limit + "/s >= " + GOAL_VS_BARE + " x bare GCRA",
                            perRound(steward, bare),
                            true,
                            GOAL_VS_BARE));
                }
                goals.add(Goal.zero(
                        steward.contestant() + " at " + limit + "/s: 0 over-admissions (bound " + steward.bound()
                                + " per " + PERIOD.toSeconds() + " s)",
                        steward.overAdmitted()));
                goals.add(Goal.zero(steward.contestant() + " at " + limit + "/s: 0 errors", steward.errors()));
            }
        }
        return goals;
    }

    private static Result named(List<Result> results, String name) {
        return results.stream()
                .filter(r -> r.contestant().equals(name))
                .findFirst()
                .orElse(null);
    }

    private static List<Double> perRound(Result a, Result b) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < a.rounds().size(); r++) {
            ratios.add(Goal.ratio(
                    a.rounds().get(r).decisionsPerSecond(), b.rounds().get(r).decisionsPerSecond()));
        }
        return ratios;
    }

    static String summary(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("Command: `")
                .append(report.command())
                .append("`\n")
                .append(report.workload())
                .append("\nRedis: ")
                .append(report.redis())
                .append("\n\n");
        TextTable table = TextTable.of(
                "rate limit, " + THREADS + " threads, one hot identity",
                "limit",
                "decisions/s",
                "admitted, share of the allowance",
                "most in any " + PERIOD.toSeconds() + " s window (bound)",
                "over-admitted",
                "decision p50 / p99",
                "errors",
                "clock");
        for (Result r : report.results()) {
            table.row(
                    r.contestant(),
                    r.limit() + "/s",
                    TextTable.thousands(r.decisionsPerSecond()),
                    String.format("%.1f %%", r.allowanceShare() * 100),
                    r.maxInWindow() + " (" + r.bound() + ")",
                    r.overAdmitted(),
                    TextTable.ms(r.latencyP50Ms()) + " / " + TextTable.ms(r.latencyP99Ms()),
                    r.errors(),
                    r.clock());
        }
        out.append(table.render()).append('\n');
        TextTable rounds = TextTable.of("contestant", "limit", "decisions/s per round");
        for (Result r : report.results()) {
            rounds.row(
                    r.contestant(),
                    r.limit() + "/s",
                    String.join(
                            ", ",
                            r.rounds().stream()
                                    .map(m -> TextTable.thousands(m.decisionsPerSecond()))
                                    .toList()));
        }
        out.append(rounds.render()).append('\n').append(Goal.table(report.goals()));
        return out.toString();
    }
}

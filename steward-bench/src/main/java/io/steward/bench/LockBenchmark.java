package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.provision.RedisBinaries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code steward bench locks}: acquire + release pairs per second with 16 threads, uncontended (one name per thread)
 * and contended (one name), for Steward's locks against Redisson {@code RLock}, {@code RFencedLock} and a bare
 * {@code SET NX PX} lock, on one local redis-server. Each contestant is warmed up, then measured in rounds that
 * interleave the contestants; the report gives the medians of the rounds. Inside every critical section the benchmark
 * checks mutual exclusion (nobody else inside, a read-then-write counter that loses no increment) and, for the
 * contestants with fencing tokens, that tokens only grow.
 */
final class LockBenchmark {

    static final int THREADS = 16;
    /** How long one attempt waits for the lock before counting as a time-out. */
    static final Duration WAIT = Duration.ofSeconds(10);

    static final double GOAL_UNCONTENDED = 2.0;
    static final double GOAL_CONTENDED = 1.5;

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final Consumer<String> progress;
    private final List<Function<HostAndPort, LockContestant>> contestants;

    LockBenchmark(BenchArgs args, RedisBinaries binaries, Consumer<String> progress) {
        this(
                args,
                binaries,
                progress,
                List.of(
                        StewardLockContestant::connect,
                        LockPeers::redissonLock,
                        LockPeers::redissonFencedLock,
                        LockPeers::bare));
    }

    /** The first contestant is Steward's, the second Redisson's {@code RLock} (the goals compare those two). */
    LockBenchmark(
            BenchArgs args,
            RedisBinaries binaries,
            Consumer<String> progress,
            List<Function<HostAndPort, LockContestant>> contestants) {
        this.args = args;
        this.binaries = binaries;
        this.progress = progress;
        this.contestants = contestants;
    }

    /**
     * One phase of one round.
     *
     * @param pairsPerSecond   acquire + release pairs per second
     * @param waitP50Ms        median time to acquire (the whole tryLock call)
     * @param waitP99Ms        99th percentile of the time to acquire
     * @param violations       critical sections entered while another was inside, plus increments lost
     * @param tokenRegressions fencing tokens not greater than the one before on the same name
     * @param timeouts         attempts that waited {@link #WAIT} without acquiring
     * @param errors           acquisitions or releases that threw (counted, the loop goes on)
     * @param firstError       the first of those, or null
     */
    record Phase(
            double pairsPerSecond,
            long pairs,
            double waitP50Ms,
            double waitP99Ms,
            long violations,
            long tokenRegressions,
            long timeouts,
            long errors,
            String firstError) {}

    record Result(
            String contestant,
            String description,
            List<Phase> uncontended,
            List<Phase> contended,
            double uncontendedPairsPerSecond,
            double contendedPairsPerSecond,
            double contendedWaitP50Ms,
            double contendedWaitP99Ms,
            long violations,
            long tokenRegressions,
            long timeouts,
            long errors) {}

    record Report(
            String benchmark, String command, String workload, String redis, List<Result> results, List<Goal> goals)
            implements TextReport {
        @Override
        public String text() {
            return summary(command, workload, redis, results, goals);
        }
    }

    Report run() {
        try (ScratchRedis server = ScratchRedis.start(binaries)) {
            // contestants close before the server stops, so that none of them reconnects in vain
            List<LockContestant> open = new ArrayList<>();
            try {
                HostAndPort redis = server.address();
                for (Function<HostAndPort, LockContestant> make : contestants) {
                    open.add(make.apply(redis));
                }
                Duration phase = Duration.ofSeconds(args.seconds());
                Duration warmUp = Duration.ofMillis(args.warmUp() * 500L);
                if (!warmUp.isZero()) {
                    for (int c = 0; c < open.size(); c++) {
                        LockContestant contestant = open.get(c);
                        progress.accept(contestant.name() + ": warm-up " + args.warmUp() + " s ...");
                        uncontended(contestant, "w" + c, warmUp);
                        contended(contestant, "w" + c, warmUp);
                    }
                }
                List<List<Phase>> uncontended = new ArrayList<>();
                List<List<Phase>> contended = new ArrayList<>();
                open.forEach(c -> {
                    uncontended.add(new ArrayList<>());
                    contended.add(new ArrayList<>());
                });
                for (int round = 1; round <= args.rounds(); round++) {
                    for (int c = 0; c < open.size(); c++) {
                        LockContestant contestant = open.get(c);
                        String tag = c + ":" + round;
                        Phase u = uncontended(contestant, tag, phase);
                        Phase k = contended(contestant, tag, phase);
                        uncontended.get(c).add(u);
                        contended.get(c).add(k);
                        progress.accept(String.format(
                                "round %d/%d %s: uncontended %s pairs/s, contended %s pairs/s (wait p50 %s, p99 %s),"
                                        + " %d violations, %d errors%s",
                                round,
                                args.rounds(),
                                contestant.name(),
                                TextTable.thousands(u.pairsPerSecond()),
                                TextTable.thousands(k.pairsPerSecond()),
                                TextTable.ms(k.waitP50Ms()),
                                TextTable.ms(k.waitP99Ms()),
                                u.violations() + k.violations(),
                                u.errors() + k.errors(),
                                firstError(u, k)));
                    }
                }
                List<Result> results = new ArrayList<>();
                for (int c = 0; c < open.size(); c++) {
                    results.add(result(open.get(c), uncontended.get(c), contended.get(c)));
                }
                List<Goal> goals = goals(results);
                String command = "./steward bench locks --rounds " + args.rounds() + " --seconds " + args.seconds()
                        + " --warmup " + args.warmUp();
                String workload = THREADS + " threads; uncontended: " + THREADS + " names, one per thread; contended: 1"
                        + " name; each thread acquires (wait up to " + WAIT.toSeconds() + " s), checks mutual exclusion"
                        + " and fencing inside, releases, again; " + args.warmUp() + " s warm-up per contestant, then "
                        + args.rounds() + " interleaved rounds of " + args.seconds() + " s per phase and contestant;"
                        + " medians of the rounds";
                String redisText = "one local redis-server on " + redis + ", no persistence";
                return new Report("locks", command, workload, redisText, results, goals);
            } finally {
                open.forEach(LockContestant::close);
            }
        }
    }

    private Phase uncontended(LockContestant contestant, String tag, Duration length) {
        String[] names = new String[THREADS];
        for (int t = 0; t < THREADS; t++) {
            names[t] = "bench-locks:" + tag + ":u" + t;
        }
        return measure(contestant, names, length);
    }

    private Phase contended(LockContestant contestant, String tag, Duration length) {
        String[] names = new String[THREADS];
        Arrays.fill(names, "bench-locks:" + tag + ":c");
        return measure(contestant, names, length);
    }

    private static String firstError(Phase u, Phase k) {
        String first = u.firstError() != null ? u.firstError() : k.firstError();
        return first == null ? "" : " (the first: " + first + ")";
    }

    /** Thread {@code t} locks {@code names[t]}; threads with the same name contend. */
    private static Phase measure(LockContestant contestant, String[] names, Duration length) {
        Map<String, CriticalSection> sections = new HashMap<>();
        for (String n : names) {
            sections.computeIfAbsent(n, k -> new CriticalSection());
        }
        LatencyHistogram[] waits = new LatencyHistogram[THREADS];
        long[] pairs = new long[THREADS];
        long[] timeouts = new long[THREADS];
        ErrorTally errors = new ErrorTally(contestant.name());
        double seconds = TimedThreads.run(contestant.name(), THREADS, length, (t, deadline) -> {
            LatencyHistogram wait = new LatencyHistogram();
            waits[t] = wait;
            CriticalSection section = sections.get(names[t]);
            while (System.nanoTime() - deadline < 0) {
                long start = System.nanoTime();
                LockContestant.Held held;
                try {
                    held = contestant.acquire(names[t], WAIT);
                } catch (RuntimeException e) {
                    errors.record(e);
                    continue;
                }
                long acquired = System.nanoTime();
                if (held == null) {
                    timeouts[t]++;
                    continue;
                }
                wait.record(acquired - start);
                section.enter(held.fencingToken());
                section.leave();
                try {
                    held.release();
                } catch (RuntimeException e) {
                    errors.record(e);
                    continue;
                }
                pairs[t]++;
            }
        });
        LatencyHistogram all = new LatencyHistogram();
        long totalPairs = 0;
        long totalTimeouts = 0;
        for (int t = 0; t < THREADS; t++) {
            all.add(waits[t]);
            totalPairs += pairs[t];
            totalTimeouts += timeouts[t];
        }
        long violations = 0;
        long regressions = 0;
        for (CriticalSection s : sections.values()) {
            violations += s.violations(s.entries.get());
            regressions += s.tokenRegressions();
        }
        return new Phase(
                totalPairs / seconds,
                totalPairs,
                all.percentileMs(50),
                all.percentileMs(99),
                violations,
                regressions,
                totalTimeouts,
                errors.count(),
                errors.first());
    }

    /**
     * What the benchmark checks inside a critical section: that nobody else is inside, that a read-then-write
     * counter loses no increment (two holders at once would lose some), and that fencing tokens grow.
     */
    static final class CriticalSection {
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicLong overlaps = new AtomicLong();
        private final AtomicLong counter = new AtomicLong();
        private final AtomicLong entries = new AtomicLong();
        private final AtomicLong lastToken = new AtomicLong(Long.MIN_VALUE);
        private final AtomicLong tokenRegressions = new AtomicLong();

        void enter(long token) {
            entries.incrementAndGet();
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            long before = counter.get();
            Thread.onSpinWait();
            counter.set(before + 1);
            if (token >= 0) {
                long last = lastToken.getAndSet(token);
                if (last != Long.MIN_VALUE && token <= last) {
                    tokenRegressions.incrementAndGet();
                }
            }
        }

        void leave() {
            inside.decrementAndGet();
        }

        long tokenRegressions() {
            return tokenRegressions.get();
        }

        /** Overlapping entries plus increments lost from the counter after {@code entered} entries. */
        long violations(long entered) {
            return overlaps.get() + (entered - counter.get());
        }
    }

    private static Result result(LockContestant c, List<Phase> uncontended, List<Phase> contended) {
        List<Phase> all = new ArrayList<>(uncontended);
        all.addAll(contended);
        return new Result(
                c.name(),
                c.description(),
                uncontended,
                contended,
                round1(Median.of(uncontended.stream().map(Phase::pairsPerSecond).toList())),
                round1(Median.of(contended.stream().map(Phase::pairsPerSecond).toList())),
                Median.of(contended.stream().map(Phase::waitP50Ms).toList()),
                Median.of(contended.stream().map(Phase::waitP99Ms).toList()),
                all.stream().mapToLong(Phase::violations).sum(),
                all.stream().mapToLong(Phase::tokenRegressions).sum(),
                all.stream().mapToLong(Phase::timeouts).sum(),
                all.stream().mapToLong(Phase::errors).sum());
    }

    private static List<Goal> goals(List<Result> results) {
        Result steward = results.get(0);
        Result rlock = results.get(1);
        int rounds = steward.uncontended().size();
        List<Double> uncontended = new ArrayList<>();
        List<Double> contended = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            uncontended.add(Goal.ratio(
                    steward.uncontended().get(r).pairsPerSecond(),
                    rlock.uncontended().get(r).pairsPerSecond()));
            contended.add(Goal.ratio(
                    steward.contended().get(r).pairsPerSecond(),
                    rlock.contended().get(r).pairsPerSecond()));
            p99.add(Goal.ratio(
                    steward.contended().get(r).waitP99Ms(),
                    rlock.contended().get(r).waitP99Ms()));
        }
        String s = steward.contestant();
        return List.of(
                Goal.ratio(s + " uncontended >= " + GOAL_UNCONTENDED + " x RLock", uncontended, true, GOAL_UNCONTENDED),
                Goal.ratio(s + " contended >= " + GOAL_CONTENDED + " x RLock", contended, true, GOAL_CONTENDED),
                Goal.ratio(s + " contended p99 wait <= RLock's (ratio <= 1)", p99, false, 1.0),
                Goal.zero(
                        s + ": 0 mutual-exclusion violations, 0 fencing regressions, 0 time-outs, 0 errors",
                        steward.violations() + steward.tokenRegressions() + steward.timeouts() + steward.errors()),
                Goal.zero(
                        "every contestant: 0 mutual-exclusion violations",
                        results.stream().mapToLong(Result::violations).sum()));
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    static String summary(String command, String workload, String redis, List<Result> results, List<Goal> goals) {
        TextTable table = TextTable.of(
                "locks, " + THREADS + " threads",
                "pairs/s uncontended (" + THREADS + " names)",
                "pairs/s contended (1 name)",
                "contended p50 / p99 wait",
                "violations",
                "fencing regressions",
                "time-outs",
                "errors");
        for (Result r : results) {
            table.row(
                    r.contestant(),
                    TextTable.thousands(r.uncontendedPairsPerSecond()),
                    TextTable.thousands(r.contendedPairsPerSecond()),
                    TextTable.ms(r.contendedWaitP50Ms()) + " / " + TextTable.ms(r.contendedWaitP99Ms()),
                    r.violations(),
                    r.tokenRegressions(),
                    r.timeouts(),
                    r.errors());
        }
        TextTable rounds = TextTable.of("contestant", "uncontended pairs/s per round", "contended pairs/s per round");
        for (Result r : results) {
            rounds.row(
                    r.contestant(),
                    String.join(
                            ", ",
                            r.uncontended().stream()
                                    .map(p -> TextTable.thousands(p.pairsPerSecond()))
                                    .toList()),
                    String.join(
                            ", ",
                            r.contended().stream()
                                    .map(p -> TextTable.thousands(p.pairsPerSecond()))
                                    .toList()));
        }
        return "Command: `" + command + "`\n" + workload + "\nRedis: " + redis + "\n\n" + table.render() + "\n"
                + rounds.render() + "\n" + Goal.table(goals);
    }
}

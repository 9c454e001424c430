package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.provision.RedisBinaries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * {@code steward bench spring-cache}: requests per second of one {@code @Cacheable} / {@code @CachePut} method pair
 * through five Spring cache managers, on the cache benchmark's workload (Zipf(0.99) over 100 000 keys, 1 KiB values,
 * 95 % reads, 16 threads) and one local redis-server. Each contestant is an application context of its own with only
 * its starter's auto-configuration, preloaded through its {@code @CachePut} in a key space of its own on the fresh
 * server, warmed up, then measured in rounds that interleave the contestants. Afterwards a second instance of each
 * checks that a {@code @CachePut} that returned on the first is what the second's {@code @Cacheable} returns.
 */
final class SpringCacheBenchmark {

    static final int THREADS = CacheBenchmark.THREADS;
    static final double GOAL_VS_IMMEDIATE = 3.0;
    static final double GOAL_VS_REDISSON = 10.0;
    /** Puts checked for visibility per contestant. */
    static final int VISIBILITY_TRIALS = 500;
    /** How long a trial waits for the other instance to see the put before counting it as never visible. */
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(1);
    /** Never-visible trials after which a contestant's visibility check stops (a cache that is not shared). */
    static final int GIVE_UP_AFTER = 5;
    /** Hot keys the visibility trials update in turn, so that both instances hold them in any near cache. */
    private static final int VISIBILITY_KEYS = 64;

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final Consumer<String> progress;
    private final List<SpringCacheContestant> contestants;

    SpringCacheBenchmark(BenchArgs args, RedisBinaries binaries, Consumer<String> progress) {
        this(args, binaries, progress, List.of(SpringCacheContestant.values()));
    }

    SpringCacheBenchmark(
            BenchArgs args,
            RedisBinaries binaries,
            Consumer<String> progress,
            List<SpringCacheContestant> contestants) {
        this.args = args;
        this.binaries = binaries;
        this.progress = progress;
        this.contestants = contestants;
    }

    /**
     * One measured window of one contestant.
     *
     * @param opsPerSecond  reads and writes per second, all threads
     * @param readP50Micros median time of a {@code @Cacheable} call
     * @param readP99Micros its 99th percentile
     */
    record Round(double opsPerSecond, long operations, double readP50Micros, double readP99Micros) {}

    /**
     * Whether a {@code @CachePut} that returned on one instance is what another instance's {@code @Cacheable}
     * returns next.
     *
     * @param trials       puts checked
     * @param violations   puts the other instance's next {@code @Cacheable} did not return
     * @param neverVisible of those, puts it still did not return {@link #VISIBLE_WITHIN} later
     * @param lagP50Ms     for the other violations: median time from the put's return until the other instance
     *                     returned the new value (0 when none)
     * @param lagP99Ms     its 99th percentile
     * @param lagMaxMs     the longest
     * @param gaveUp       whether the check stopped after {@link #GIVE_UP_AFTER} never-visible puts
     */
    record Visibility(
            int trials,
            int violations,
            int neverVisible,
            double lagP50Ms,
            double lagP99Ms,
            double lagMaxMs,
            boolean gaveUp) {}

    record Result(
            String contestant,
            String description,
            List<Round> rounds,
            double opsPerSecond,
            double readP50Micros,
            double readP99Micros,
            long loads,
            Double nearHitShare,
            Map<String, Object> stewardCounters,
            Visibility visibility) {

        Result with(Visibility checked) {
            return new Result(
                    contestant,
                    description,
                    rounds,
                    opsPerSecond,
                    readP50Micros,
                    readP99Micros,
                    loads,
                    nearHitShare,
                    stewardCounters,
                    checked);
        }
    }

    record Report(
            String benchmark,
            String command,
            String workload,
            String redis,
            String versions,
            List<Result> results,
            List<Goal> goals)
            implements TextReport {
        @Override
        public String text() {
            return summary(this);
        }
    }

    Report run() {
        CacheWorkload workload = new CacheWorkload(
                CacheBenchmark.KEYS, CacheBenchmark.ZIPF, CacheBenchmark.VALUE_SIZE, CacheBenchmark.WRITES);
        try (ScratchRedis server = ScratchRedis.start(binaries)) {
            HostAndPort redis = server.address();
            List<SpringCacheContestant.Instance> open = new ArrayList<>();
            List<BenchDatabase> databases = new ArrayList<>();
            try {
                for (SpringCacheContestant c : contestants) {
                    progress.accept(c.label() + ": starting and preloading " + workload.keys() + " keys ...");
                    BenchDatabase database = new BenchDatabase(workload::value);
                    SpringCacheContestant.Instance instance = c.start(redis, database, "1");
                    open.add(instance);
                    databases.add(database);
                    preload(instance, workload);
                }
                Duration warmUp = Duration.ofSeconds(args.warmUp());
                if (!warmUp.isZero()) {
                    for (SpringCacheContestant.Instance instance : open) {
                        progress.accept(instance.contestant().label() + ": warm-up " + args.warmUp() + " s ...");
                        measure(instance, workload, warmUp);
                    }
                }
                List<List<Round>> rounds = new ArrayList<>();
                open.forEach(i -> rounds.add(new ArrayList<>()));
                Duration length = Duration.ofSeconds(args.seconds());
                for (int round = 1; round <= args.rounds(); round++) {
                    for (int c = 0; c < open.size(); c++) {
                        Round r = measure(open.get(c), workload, length);
                        rounds.get(c).add(r);
                        progress.accept(String.format(
                                "round %d/%d %s: %s ops/s, read p50 %.2f µs, p99 %.1f µs",
                                round,
                                args.rounds(),
                                open.get(c).contestant().label(),
                                TextTable.thousands(r.opsPerSecond()),
                                r.readP50Micros(),
                                r.readP99Micros()));
                    }
                }
                List<Result> results = new ArrayList<>();
                for (int c = 0; c < open.size(); c++) {
                    SpringCacheContestant.Instance first = open.get(c);
                    // counted before the visibility check, whose reads and puts are not the workload's
                    Result measured = result(first, rounds.get(c), null);
                    progress.accept(first.contestant().label() + ": checking that a put is visible to a second"
                            + " instance ...");
                    Visibility visibility;
                    try (SpringCacheContestant.Instance second =
                            first.contestant().start(redis, databases.get(c), "2")) {
                        visibility = visibility(first, second, workload);
                    }
                    progress.accept(String.format(
                            "%s: %d of %d puts not visible to the other instance at once, %d not within %d ms",
                            first.contestant().label(),
                            visibility.violations(),
                            visibility.trials(),
                            visibility.neverVisible(),
                            VISIBLE_WITHIN.toMillis()));
                    results.add(measured.with(visibility));
                }
                return report(redis, results);
            } finally {
                open.forEach(SpringCacheContestant.Instance::close);
            }
        }
    }

    /** Stores every key through the contestant's {@code @CachePut}, on {@link #THREADS} threads. */
    private static void preload(SpringCacheContestant.Instance instance, CacheWorkload workload) {
        AtomicInteger next = new AtomicInteger();
        BenchCacheService service = instance.service();
        TimedThreads.run(instance.contestant().label() + " preload", THREADS, Duration.ofMinutes(10), (t, end) -> {
            for (int key = next.getAndIncrement();
                    key < workload.keys() && System.nanoTime() - end < 0;
                    key = next.getAndIncrement()) {
                service.update(key, workload.value(key));
            }
        });
    }

    private static Round measure(SpringCacheContestant.Instance instance, CacheWorkload workload, Duration length) {
        LatencyHistogram[] histograms = new LatencyHistogram[THREADS];
        long[] operations = new long[THREADS];
        for (int t = 0; t < THREADS; t++) {
            histograms[t] = new LatencyHistogram();
        }
        BenchCacheService service = instance.service();
        double seconds = TimedThreads.run(instance.contestant().label(), THREADS, length, (t, end) -> {
            LatencyHistogram histogram = histograms[t];
            long ops = 0;
            while (System.nanoTime() - end < 0) {
                int key = workload.nextKey();
                if (workload.nextIsWrite()) {
                    service.update(key, workload.value(key));
                } else {
                    long start = System.nanoTime();
                    if (service.find(key) == null) {
                        throw new IllegalStateException("@Cacheable returned null for key " + key);
                    }
                    histogram.record(System.nanoTime() - start);
                }
                ops++;
            }
            operations[t] = ops;
        });
        LatencyHistogram reads = new LatencyHistogram();
        long total = 0;
        for (int t = 0; t < THREADS; t++) {
            reads.add(histograms[t]);
            total += operations[t];
        }
        return new Round(total / seconds, total, micros(reads.percentileNanos(50)), micros(reads.percentileNanos(99)));
    }

    /**
     * Puts a new value on {@code first} and reads it at once on {@code second}, for hot keys both hold; a read that
     * returns anything else is a violation, and {@code second} is then polled until it returns the new value.
     */
    private static Visibility visibility(
            SpringCacheContestant.Instance first, SpringCacheContestant.Instance second, CacheWorkload workload) {
        BenchCacheService writer = first.service();
        BenchCacheService reader = second.service();
        List<Long> lags = new ArrayList<>();
        int trials = 0;
        int violations = 0;
        int never = 0;
        boolean gaveUp = false;
        for (int i = 0; i < VISIBILITY_TRIALS; i++) {
            int key = i % VISIBILITY_KEYS;
            writer.find(key);
            reader.find(key);
            byte[] value = stamped(workload.value(key), i);
            writer.update(key, value);
            long returned = System.nanoTime();
            trials++;
            if (Arrays.equals(reader.find(key), value)) {
                continue;
            }
            violations++;
            long deadline = returned + VISIBLE_WITHIN.toNanos();
            boolean seen = false;
            while (!seen && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(20_000);
                seen = Arrays.equals(reader.find(key), value);
            }
            if (seen) {
                lags.add(System.nanoTime() - returned);
            } else if (++never >= GIVE_UP_AFTER) {
                gaveUp = true;
                break;
            }
        }
        if (lags.isEmpty()) {
            return new Visibility(trials, violations, never, 0, 0, 0, gaveUp);
        }
        LatencySummary lag = LatencySummary.ofNanos(lags);
        return new Visibility(trials, violations, never, lag.medianMs(), lag.p99Ms(), lag.maxMs(), gaveUp);
    }

    /** A copy of {@code value} whose first eight bytes hold {@code trial}, so that every put stores a new value. */
    private static byte[] stamped(byte[] value, int trial) {
        byte[] copy = value.clone();
        long stamp = 0x5EED_0000_0000_0000L | trial;
        for (int b = 0; b < Long.BYTES; b++) {
            copy[b] = (byte) (stamp >>> (8 * b));
        }
        return copy;
    }

    private static Result result(SpringCacheContestant.Instance instance, List<Round> rounds, Visibility visibility) {
        double share = instance.nearHitShare();
        return new Result(
                instance.contestant().label(),
                instance.contestant().description(),
                rounds,
                Median.of(rounds.stream().map(Round::opsPerSecond).toList()),
                Median.of(rounds.stream().map(Round::readP50Micros).toList()),
                Median.of(rounds.stream().map(Round::readP99Micros).toList()),
                instance.service().loads(),
                share < 0 ? null : Math.round(share * 1000) / 1000.0,
                instance.stewardCounters(),
                visibility);
    }

    private Report report(HostAndPort redis, List<Result> results) {
        List<Goal> goals = new ArrayList<>();
        Result steward = find(results, SpringCacheContestant.STEWARD);
        Result immediate = find(results, SpringCacheContestant.BOOT_IMMEDIATE);
        Result redisson = find(results, SpringCacheContestant.REDISSON);
        if (steward != null && immediate != null) {
            goals.add(Goal.ratio(
                    steward.contestant() + " >= " + GOAL_VS_IMMEDIATE + " x " + immediate.contestant(),
                    perRound(steward, immediate),
                    true,
                    GOAL_VS_IMMEDIATE));
        }
        if (steward != null && redisson != null) {
            goals.add(Goal.ratio(
                    steward.contestant() + " >= " + GOAL_VS_REDISSON + " x " + redisson.contestant(),
                    perRound(steward, redisson),
                    true,
                    GOAL_VS_REDISSON));
        }
        if (steward != null) {
            goals.add(Goal.zero(
                    steward.contestant() + ": every @CachePut visible to the other instance's @Cacheable once it"
                            + " returns (violations)",
                    steward.visibility().violations()));
        }
        String command = "./steward bench spring-cache --rounds " + args.rounds() + " --seconds " + args.seconds()
                + " --warmup " + args.warmUp();
        String workload = "one @Cacheable / @CachePut method pair (Integer key, byte[] value); Zipf("
                + CacheBenchmark.ZIPF + ") over " + CacheBenchmark.KEYS + " keys, " + CacheBenchmark.VALUE_SIZE
                + " B values, " + Math.round(100 - CacheBenchmark.WRITES * 100) + " % reads / "
                + Math.round(CacheBenchmark.WRITES * 100) + " % writes, " + THREADS + " threads; each contestant an"
                + " application context of its own, preloaded through @CachePut, " + args.warmUp() + " s warm-up, then "
                + args.rounds() + " interleaved rounds of " + args.seconds() + " s; medians of the rounds. Visibility: "
                + VISIBILITY_TRIALS + " puts on one instance, each read at once on a second instance (a second"
                + " application context in the same JVM)";
        return new Report(
                "spring-cache",
                command,
                workload,
                "one local redis-server on " + redis + ", no persistence",
                versions(),
                results,
                goals);
    }

    private static List<Double> perRound(Result a, Result b) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < a.rounds().size(); r++) {
            ratios.add(Goal.ratio(
                    a.rounds().get(r).opsPerSecond(), b.rounds().get(r).opsPerSecond()));
        }
        return ratios;
    }

    private static Result find(List<Result> results, SpringCacheContestant contestant) {
        return results.stream()
                .filter(r -> r.contestant().equals(contestant.label()))
                .findFirst()
                .orElse(null);
    }

    private static String versions() {
        Properties p = new Properties();
        try (var in = SpringCacheBenchmark.class.getResourceAsStream("/steward-bench-spring.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "Spring Boot " + p.getProperty("spring-boot.version", "?") + ", Spring Data Redis "
                + p.getProperty("spring-data-redis.version", "?") + ", Redisson "
                + p.getProperty("redisson.version", "?")
                + ", Lettuce " + p.getProperty("lettuce.version", "?") + ", Java " + System.getProperty("java.version");
    }

    private static String microsText(double micros) {
        return micros < 10 ? String.format("%.2f µs", micros) : String.format("%,.0f µs", micros);
    }

    /** Nanoseconds in microseconds, to 0.01 µs below 10 µs and to 0.1 µs above. */
    private static double micros(double nanos) {
        return nanos < 10_000 ? Math.round(nanos / 10.0) / 100.0 : Math.round(nanos / 100.0) / 10.0;
    }

    static String summary(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("Command: `").append(report.command()).append("`\n");
        out.append(report.workload()).append('\n');
        out.append("Redis: ")
                .append(report.redis())
                .append("; ")
                .append(report.versions())
                .append("\n\n");
        TextTable main = TextTable.of(
                "cache manager",
                "ops/s",
                "read p50 / p99",
                "method runs (misses)",
                "near-cache hits",
                "put not visible at once",
                "not within 1 s",
                "lag p50 / p99 / max");
        for (Result r : report.results()) {
            Visibility v = r.visibility();
            main.row(
                    r.contestant(),
                    TextTable.thousands(r.opsPerSecond()),
                    microsText(r.readP50Micros()) + " / " + microsText(r.readP99Micros()),
                    r.loads(),
                    r.nearHitShare() == null ? "" : String.format("%.1f %%", r.nearHitShare() * 100),
                    v.violations() + " of " + v.trials() + (v.gaveUp() ? " (stopped)" : ""),
                    v.neverVisible(),
                    v.violations() == v.neverVisible()
                            ? ""
                            : TextTable.ms(v.lagP50Ms()) + " / " + TextTable.ms(v.lagP99Ms()) + " / "
                                    + TextTable.ms(v.lagMaxMs()));
        }
        out.append(main.render()).append('\n');
        TextTable rounds = TextTable.of("cache manager", "ops/s per round");
        for (Result r : report.results()) {
            rounds.row(
                    r.contestant(),
                    String.join(
                            ", ",
                            r.rounds().stream()
                                    .map(x -> TextTable.thousands(x.opsPerSecond()))
                                    .toList()));
        }
        out.append(rounds.render()).append('\n');
        out.append(Goal.table(report.goals()));
        return out.toString();
    }
}

package io.steward.bench;

import io.steward.StewardException;
import io.steward.provision.RedisBinaries;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code java -jar steward-bench.jar NAME [--runs N] [--writers W] [--profile development|production] [--keys N]
 * [--scrapes N] [--watch-minutes M] [--rounds N] [--seconds S] [--warmup S]}: runs one benchmark, prints its JSON report on stdout and progress (and,
 * where the benchmark has one, a readable summary) on stderr.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final String USAGE_TEXT =
            """
            usage: steward bench NAME [options]
              up        time from start to healthy per topology, TLS off and on   (--runs N, --profile P)
              failover  Sentinel kill -9 of the master: write gap of Steward vs Lettuce MasterReplica and Redisson
                        (--runs N, --writers W, --profile development|production)
              backup    backup MB/s: steward backup create vs redis-cli --rdb - | zstd -3 -T1   (--runs N, --keys N)
              restore   restore keys/s: steward restore vs redis-cli --pipe of RESTORE commands  (--runs N, --keys N)
              scrape    the daemon's /metrics vs redis_exporter on one Sentinel deployment: latency, size, commands
                        per scrape, the daemon's resident memory (--keys N, default 1000000; --scrapes N, default 200;
                        --watch-minutes M, default 10; --profile P)
              cache     the application cache vs Redisson RLocalCachedMap, Spring RedisCache and raw Lettuce:
                        Zipf(0.99) over 100 000 keys of 1 KiB, 95 % reads, 16 threads, one local redis-server
              cache-l1  JMH: a region's near-cache hit vs Caffeine getIfPresent, 1 and 2 threads (--runs N forks)
              locks     acquire+release pairs/s, 16 threads, uncontended and contended: Steward vs Redisson RLock,
                        RFencedLock and a bare SET NX PX lock; mutual exclusion checked (--rounds N, --seconds S,
                        --warmup S; defaults 3 rounds of 15 s per phase and contestant, 8 s warm-up)
              ratelimit decisions/s on one hot identity, 64 threads, limits 1000/s and 100/s: Steward GCRA and
                        sliding window vs Bucket4j (Lettuce), Redisson RRateLimiter and a bare GCRA script;
                        over-admissions counted from the allowed decisions' timestamps (--rounds, --seconds, --warmup)
              codes     OneTimeCodes verifications/s and p99, 16 threads, right and wrong codes; no peer
                        (--rounds, --seconds, --warmup)
              spring-cache  (steward-bench-spring.jar) @Cacheable/@CachePut through the Steward starter vs Boot's
                        RedisCacheManager, Redisson's and Caffeine's cache managers (--rounds, --seconds, --warmup)""";

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the benchmark named by {@code args[0]}; returns the exit code. */
    static int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            err.println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        Consumer<String> progress = line -> err.println("steward-bench: " + line);
        try {
            BenchArgs options = BenchArgs.parse(List.of(Arrays.copyOfRange(args, 1, args.length)));
            Object report =
                    switch (args[0]) {
                        case "up" -> new UpBenchmark(options, RedisBinaries.locate(), System::nanoTime, progress).run();
                        case "failover" ->
                            new FailoverBenchmark(options, RedisBinaries.locate(), System::nanoTime, progress).run();
                        case "backup" ->
                            new BackupBenchmark(options, RedisBinaries.locate(), System::nanoTime, progress).run();
                        case "restore" ->
                            new RestoreBenchmark(options, RedisBinaries.locate(), System::nanoTime, progress).run();
                        case "scrape" ->
                            new ScrapeBenchmark(options, RedisBinaries.locate(), System::nanoTime, progress).run();
                        case "cache" -> new CacheBenchmark(RedisBinaries.locate(), System::nanoTime, progress).run();
                        case "cache-l1" -> new NearHitRun(options, progress).run();
                        case "locks" -> new LockBenchmark(options, RedisBinaries.locate(), progress).run();
                        case "ratelimit" -> new RateLimitBenchmark(options, RedisBinaries.locate(), progress).run();
                        case "codes" -> new CodeBenchmark(options, RedisBinaries.locate(), progress).run();
                        default -> null;
                    };
            if (report == null) {
                err.println("steward-bench: unknown benchmark '" + args[0] + "'\n" + USAGE_TEXT);
                return USAGE;
            }
            if (report instanceof ScrapeReport scrape) {
                err.println(ScrapeSummary.render(scrape));
            }
            if (report instanceof TextReport text) {
                err.println(text.text());
            }
            out.println(Json.render(report));
            return OK;
        } catch (io.steward.ConfigException e) {
            err.println("steward-bench: " + e.getMessage() + "\n" + USAGE_TEXT);
            return USAGE;
        } catch (StewardException e) {
            err.println("steward-bench: " + e.getMessage());
            return FAILED;
        }
    }
}

package io.steward.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.provision.RedisBinaries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code steward bench cache}: the application cache against the peers a user would pick, side by
 * side on one local redis-server. Zipf(0.99) reads over 100 000 keys, 1 KiB values, 95 % reads and
 * 5 % writes, 16 threads, near caches of 10 000 entries. Each contestant gets a fresh, preloaded
 * data set, a warm-up, then a measured window; throughput counts every operation, latency every
 * read.
 */
final class CacheBenchmark {

    static final int KEYS = 100_000;
    static final int VALUE_SIZE = 1024;
    static final double ZIPF = 0.99;
    static final double WRITES = 0.05;
    static final int THREADS = 16;
    static final Duration WARM_UP = Duration.ofSeconds(5);
    static final Duration MEASURE = Duration.ofSeconds(20);
    private static final long BUCKET_NANOS = 100;
    private static final int BUCKETS = 200_000;

    private final RedisBinaries binaries;
    private final LongSupplier nanoTime;
    private final Consumer<String> progress;

    CacheBenchmark(RedisBinaries binaries, LongSupplier nanoTime, Consumer<String> progress) {
        this.binaries = binaries;
        this.nanoTime = nanoTime;
        this.progress = progress;
    }

    record Result(
            String contestant,
            double opsPerSecond,
            double readP50Micros,
            double readP99Micros,
            double nearHitShare,
            long operations) {}

    record Report(String benchmark, String workload, String redis, List<Result> results, Ratios ratios) {}

    record Ratios(
            double stewardVsRedisson,
            double stewardVsSpring,
            double nearOffVsLettuce,
            double stewardP99VsRedissonP99) {}

    Report run() {
        try (ScratchRedis server = ScratchRedis.start(binaries)) {
            HostAndPort redis = server.address();
            CacheWorkload workload = new CacheWorkload(KEYS, ZIPF, VALUE_SIZE, WRITES);
            List<Function<HostAndPort, CacheContestant>> contestants = List.of(
                    r -> CacheContestants.steward(r, true),
                    r -> CacheContestants.steward(r, false),
                    CacheContestants::redisson,
                    CacheContestants::spring,
                    CacheContestants::lettuce);
            List<Result> results = new ArrayList<>();
            for (Function<HostAndPort, CacheContestant> make : contestants) {
                flush(redis);
                try (CacheContestant c = make.apply(redis)) {
                    progress.accept(c.name() + ": preloading " + KEYS + " keys ...");
                    c.preload(workload);
                    progress.accept(c.name() + ": warm-up " + WARM_UP.toSeconds() + " s ...");
                    measure(c, workload, WARM_UP);
                    progress.accept(c.name() + ": measuring " + MEASURE.toSeconds() + " s ...");
                    Result r = measure(c, workload, MEASURE);
                    progress.accept(String.format(
                            "%s: %.0f ops/s, read p50 %.1f µs, p99 %.1f µs",
                            c.name(), r.opsPerSecond(), r.readP50Micros(), r.readP99Micros()));
                    results.add(r);
                }
            }
            Result near = results.get(0);
            Result off = results.get(1);
            Result redisson = results.get(2);
            Result spring = results.get(3);
            Result lettuce = results.get(4);
            return new Report(
                    "cache",
                    "Zipf(" + ZIPF + ") over " + KEYS + " keys, " + VALUE_SIZE + " B values, "
                            + (int) (100 - WRITES * 100)
                            + " % reads / " + (int) (WRITES * 100) + " % writes, " + THREADS
                            + " threads, near caches of "
                            + CacheContestants.NEAR_CACHE_SIZE + " entries; " + WARM_UP.toSeconds() + " s warm-up, "
                            + MEASURE.toSeconds() + " s measured per contestant",
                    "one local redis-server on " + redis + ", no persistence",
                    results,
                    new Ratios(
                            near.opsPerSecond() / redisson.opsPerSecond(),
                            near.opsPerSecond() / spring.opsPerSecond(),
                            off.opsPerSecond() / lettuce.opsPerSecond(),
                            near.readP99Micros() / redisson.readP99Micros()));
        }
    }

    private Result measure(CacheContestant c, CacheWorkload workload, Duration length) {
        int[][] histograms = new int[THREADS][BUCKETS];
        long[] operations = new long[THREADS];
        CountDownLatch done = new CountDownLatch(THREADS);
        long end = nanoTime.getAsLong() + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] failure = new RuntimeException[1];
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    int[] histogram = histograms[id];
                    long ops = 0;
                    while (nanoTime.getAsLong() < end) {
                        int key = workload.nextKey();
                        String name = Integer.toString(key);
                        if (workload.nextIsWrite()) {
                            c.write(name, workload.value(key));
                        } else {
                            long start = nanoTime.getAsLong();
                            c.read(name);
                            long bucket = (nanoTime.getAsLong() - start) / BUCKET_NANOS;
                            histogram[(int) Math.min(bucket, BUCKETS - 1)]++;
                        }
                        ops++;
                    }
                    operations[id] = ops;
                } catch (RuntimeException e) {
                    failure[0] = e;
                } finally {
                    done.countDown();
                }
            });
            thread.setDaemon(true);
            threads.add(thread);
        }
        long start = nanoTime.getAsLong();
        threads.forEach(Thread::start);
        try {
            if (!done.await(length.toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new StewardException(
                        c.name() + ": threads did not finish within " + (length.toSeconds() + 60) + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StewardException("interrupted", e);
        }
        if (failure[0] != null) {
            throw new StewardException(c.name() + " failed: " + failure[0], failure[0]);
        }
        double seconds = (nanoTime.getAsLong() - start) / 1e9;
        long[] merged = new long[BUCKETS];
        long reads = 0;
        for (int[] h : histograms) {
            for (int i = 0; i < BUCKETS; i++) {
                merged[i] += h[i];
                reads += h[i];
            }
        }
        long total = 0;
        for (long o : operations) {
            total += o;
        }
        return new Result(
                c.name(),
                total / seconds,
                percentileMicros(merged, reads, 0.50),
                percentileMicros(merged, reads, 0.99),
                c.nearHitShare(),
                total);
    }

    private static double percentileMicros(long[] histogram, long count, double p) {
        long rank = (long) Math.ceil(p * count);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return (i + 0.5) * BUCKET_NANOS / 1000.0;
            }
        }
        return histogram.length * BUCKET_NANOS / 1000.0;
    }

    private static void flush(HostAndPort redis) {
        RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        } finally {
            client.shutdown();
        }
    }
}

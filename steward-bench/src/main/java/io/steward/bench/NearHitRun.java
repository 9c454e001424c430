package io.steward.bench;

import io.steward.StewardException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code steward bench cache-l1}: runs {@link NearHitBenchmark} under JMH with 1 and 2 threads, {@code --runs} forks
 * each, JMH's log on stderr, and reports each method's throughput and the region's share of Caffeine's.
 */
final class NearHitRun {

    static final int WARMUP_ITERATIONS = 3;
    static final int MEASURED_ITERATIONS = 5;
    static final TimeValue ITERATION = TimeValue.seconds(1);
    static final int[] THREADS = {1, 2};
    private static final String BASELINE = "caffeineGetIfPresent";

    private final int forks;
    private final Consumer<String> progress;

    NearHitRun(BenchArgs options, Consumer<String> progress) {
        this.forks = options.runs();
        this.progress = progress;
    }

    /**
     * @param method       the benchmark method
     * @param keys         keys in each cache (see {@link NearHitBenchmark#keyCount})
     * @param threads      threads calling it at once
     * @param opsPerMicro  calls per microsecond, all threads together (mean of the forks' iterations)
     * @param error        JMH's 99.9 % confidence half-width of {@code opsPerMicro}
     */
    record Score(String method, int keys, int threads, double opsPerMicro, double error) {}

    /** A region method's throughput over Caffeine's with the same keys and threads; the goal is at least 0.5. */
    record Ratio(String method, int keys, int threads, double vsCaffeine) {}

    record Report(String benchmark, String setup, List<Score> scores, List<Ratio> ratios) {}

    Report run() {
        List<Score> scores = new ArrayList<>();
        for (int threads : THREADS) {
            progress.accept("JMH with " + threads + " thread(s), " + forks + " fork(s) ...");
            for (RunResult result : measure(threads)) {
                String label = result.getParams().getBenchmark();
                scores.add(new Score(
                        label.substring(label.lastIndexOf('.') + 1),
                        Integer.parseInt(result.getParams().getParam("keyCount")),
                        threads,
                        result.getPrimaryResult().getScore(),
                        result.getPrimaryResult().getScoreError()));
            }
        }
        List<Ratio> ratios = new ArrayList<>();
        for (Score s : scores) {
            if (!s.method().equals(BASELINE)) {
                double caffeine = scores.stream()
                        .filter(c -> c.method().equals(BASELINE) && c.keys() == s.keys() && c.threads() == s.threads())
                        .findFirst()
                        .orElseThrow()
                        .opsPerMicro();
                ratios.add(new Ratio(s.method(), s.keys(), s.threads(), s.opsPerMicro() / caffeine));
            }
        }
        return new Report(
                "cache-l1",
                "JMH throughput, " + forks + " fork(s) x " + MEASURED_ITERATIONS + " x " + ITERATION
                        + " measured after "
                        + WARMUP_ITERATIONS + " x " + ITERATION + " warm-up; 1024 or 8192"
                        + " keys of 1 KiB in a region with a near cache of " + NearHitBenchmark.NEAR_CACHE_SIZE
                        + " entries and in Caffeine.newBuilder().maximumSize(" + NearHitBenchmark.NEAR_CACHE_SIZE
                        + "); one local redis-server behind the region, not called while measured",
                scores,
                ratios);
    }

    private Collection<RunResult> measure(int threads) {
        var options = new OptionsBuilder()
                .include(NearHitBenchmark.class.getName() + "\\.")
                .forks(forks)
                .threads(threads)
                .warmupIterations(WARMUP_ITERATIONS)
                .warmupTime(ITERATION)
                .measurementIterations(MEASURED_ITERATIONS)
                .measurementTime(ITERATION)
                .shouldFailOnError(true)
                .build();
        try {
            return new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
        } catch (RunnerException e) {
            throw new StewardException("JMH failed: " + e.getMessage(), e);
        }
    }
}

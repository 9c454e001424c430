package io.steward.client.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.steward.HostAndPort;
import io.steward.client.StewardClient;
import io.steward.client.TopologyOptions;
import io.steward.provision.LocalTopology;
import io.steward.provision.TopologyMode;
import io.steward.test.RedisTopology;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 threads in this JVM and 64 in a second one ask one limiter for one identity; every allowed
 * decision's server time is collected from both, and no window of the limit's length may hold more
 * than the limit allows. The clocks of the JVMs play no part: times come from Redis.
 */
@RedisTopology(mode = TopologyMode.STANDALONE)
class RateLimiterProcessesIT {

    private static final int THREADS = 64;
    private static final Duration HAMMER = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void slidingWindowNeverAdmitsMoreThanTheLimitInAnyWindowAcrossTwoProcesses(LocalTopology topology)
            throws Exception {
        long[] allowed = hammerFromTwoProcesses(topology, "two-jvm-sliding", "sliding:200:1000");

        assertThat(mostInAnyClosedWindow(allowed, 1_000_000)).isLessThanOrEqualTo(200);
    }

    @Test
    void gcraNeverAdmitsMoreThanLimitPlusBurstMinusOneInAnyPeriodAcrossTwoProcesses(LocalTopology topology)
            throws Exception {
        long[] allowed = hammerFromTwoProcesses(topology, "two-jvm-gcra", "gcra:200:1000:10");

        assertThat(mostInAnyWindow(allowed, 1_000_000)).isLessThanOrEqualTo(200 + 10 - 1);
    }

    @Test
    void strictGcraSpacesEveryPermitAcrossTwoProcesses(LocalTopology topology) throws Exception {
        long[] allowed = hammerFromTwoProcesses(topology, "two-jvm-strict", "gcra:200:1000:1");

        long closest = LongStream.range(1, allowed.length)
                .map(i -> allowed[(int) i] - allowed[(int) i - 1])
                .min()
                .orElseThrow();
        assertThat(closest).as("µs between two permits").isGreaterThanOrEqualTo(5_000);
        assertThat(mostInAnyWindow(allowed, 1_000_000)).isLessThanOrEqualTo(200);
    }

    /** The sorted server times (µs) of every decision allowed in either process. */
    private long[] hammerFromTwoProcesses(LocalTopology topology, String namespace, String spec) throws Exception {
        HostAndPort master = topology.master();
        Path out = dir.resolve(namespace + ".txt");
        Path log = dir.resolve(namespace + ".log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        RateLimitHammer.class.getName(),
                        master.host(),
                        Integer.toString(master.port()),
                        topology.passwordFile("app").toString(),
                        namespace,
                        spec,
                        Integer.toString(THREADS),
                        Long.toString(HAMMER.toMillis()),
                        out.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (StewardClient client =
                StewardClient.create(TopologyOptions.as(topology, "app").build())) {
            RateLimiter limiter = RateLimitHammer.limiter(client, namespace, spec);
            limiter.tryAcquire("warm-up");
            await("the second JVM to connect")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> Files.exists(Path.of(out + ".ready")) || !child.isAlive());
            assertThat(child.isAlive())
                    .as("the second JVM runs; its log: %s", log)
                    .isTrue();
            try (OutputStream start = child.getOutputStream()) {
                start.write('\n');
            }
            long[] here = RateLimitHammer.hammer(limiter, THREADS, HAMMER);

            assertThat(child.waitFor(60, TimeUnit.SECONDS))
                    .as("the second JVM ends")
                    .isTrue();
            assertThat(child.exitValue())
                    .as("exit of the second JVM, log: %s", Files.readString(log))
                    .isZero();
            long[] there = RateLimitHammer.read(out);
            assertThat(here).as("admitted here").isNotEmpty();
            assertThat(there).as("admitted in the second JVM").isNotEmpty();

            long[] all = LongStream.concat(Arrays.stream(here), Arrays.stream(there))
                    .sorted()
                    .toArray();
            assertThat(all.length)
                    .as("more than one window's worth was admitted")
                    .isGreaterThan(200);
            return all;
        } finally {
            child.destroyForcibly();
        }
    }

    /** The most admissions in any window [t, t + window) of the sorted times. */
    static int mostInAnyWindow(long[] sorted, long windowMicros) {
        return mostInAnyClosedWindow(sorted, windowMicros - 1);
    }

    /** The most admissions in any window [t, t + window] of the sorted times (µs: both ends count). */
    static int mostInAnyClosedWindow(long[] sorted, long windowMicros) {
        int most = 0;
        int start = 0;
        for (int end = 0; end < sorted.length; end++) {
            while (sorted[end] - sorted[start] > windowMicros) {
                start++;
            }
            most = Math.max(most, end - start + 1);
        }
        return most;
    }
}

package io.steward.client.ratelimit;

import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.Profile;
import io.steward.client.StewardClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Many threads asking one limiter for one identity as fast as they can, recording the server time
 * of every allowed decision. {@link RateLimiterProcessesIT} runs it in its own JVM and in a second
 * one started with {@link #main}.
 */
final class RateLimitHammer {

    static final String IDENTITY = "hot";

    private RateLimitHammer() {}

    /**
     * {@code host port passwordFile namespace spec threads millis out}: connects as user {@code app},
     * signals readiness by creating {@code out.ready}, waits for a line on standard input, hammers
     * and writes the microseconds of every allowed decision to {@code out}, one per line.
     */
    public static void main(String[] args) throws Exception {
        HostAndPort node = HostAndPort.of(args[0], Integer.parseInt(args[1]));
        char[] password = Files.readString(Path.of(args[2])).strip().toCharArray();
        Path out = Path.of(args[7]);
        try (StewardClient client = StewardClient.create(ClientOptions.builder()
                .profile(Profile.DEVELOPMENT)
                .mode(Mode.STANDALONE)
                .endpoints(node)
                .credentials("app", password)
                .build())) {
            RateLimiter limiter = limiter(client, args[3], args[4]);
            limiter.tryAcquire("warm-up");
            Files.createFile(Path.of(args[7] + ".ready"));
            if (System.in.read() < 0) {
                throw new IllegalStateException("the parent closed standard input before the start signal");
            }
            long[] allowed = hammer(limiter, Integer.parseInt(args[5]), Duration.ofMillis(Long.parseLong(args[6])));
            List<String> lines = new ArrayList<>(allowed.length);
            for (long micros : allowed) {
                lines.add(Long.toString(micros));
            }
            Files.write(out, lines, StandardCharsets.UTF_8);
        }
    }

    /** {@code sliding:<limit>:<window ms>} or {@code gcra:<limit>:<period ms>:<burst>}. */
    static RateLimiter limiter(StewardClient client, String namespace, String spec) {
        String[] p = spec.split(":");
        long limit = Long.parseLong(p[1]);
        Duration period = Duration.ofMillis(Long.parseLong(p[2]));
        RateLimit rateLimit = p[0].equals("sliding")
                ? RateLimit.slidingWindow("limit", limit, period)
                : RateLimit.gcra("limit", limit, period).withBurst(Long.parseLong(p[3]));
        return RateLimiter.create(client, namespace, List.of(rateLimit));
    }

    /** The server times (microseconds) of the allowed decisions of {@code threads} threads asking for {@code duration}. */
    static long[] hammer(RateLimiter limiter, int threads, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<Long> allowed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + duration.toNanos();
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(
                    () -> {
                        try {
                            while (System.nanoTime() < end) {
                                Decision d = limiter.tryAcquire(IDENTITY);
                                if (d.allowed()) {
                                    allowed.add(micros(d.decidedAt()));
                                }
                            }
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    },
                    "hammer-" + i);
            workers[i].start();
        }
        for (Thread worker : workers) {
            worker.join(duration.toMillis() + 30_000);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a hammer thread failed", failures.peek());
        }
        long[] times = allowed.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(times);
        return times;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    static long[] read(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(s -> !s.isBlank())
                .mapToLong(Long::parseLong)
                .toArray();
    }
}

package io.steward.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.steward.HostAndPort;
import io.steward.StewardException;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.client.token.CodeOptions;
import io.steward.client.token.IssuedCode;
import io.steward.client.token.OneTimeCodes;
import io.steward.client.token.VerifyResult;
import io.steward.provision.RedisBinaries;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code steward bench codes}: {@code OneTimeCodes} verifications per second and the latency of one verification,
 * 16 threads on one local redis-server. Before each round the benchmark issues codes for enough identities (untimed
 * but reported); each thread then walks its share of them, verifying two wrong codes and then the right one, and
 * checks every answer (WRONG, WRONG, VALID). No Redis library offers one-time codes, so there is no peer.
 */
final class CodeBenchmark {

    static final int THREADS = 16;
    static final int WRONG_PER_IDENTITY = 2;
    /** Verifications per second assumed for sizing the first pool when there is no warm-up. */
    static final double ASSUMED_RATE = 30_000;
    /** Identities issued per round: this many times what the fastest round so far would use. */
    static final double POOL_HEADROOM = 3.0;

    static final int MIN_POOL = 1_000;
    static final int MAX_POOL = 3_000_000;

    private final BenchArgs args;
    private final RedisBinaries binaries;
    private final Consumer<String> progress;

    CodeBenchmark(BenchArgs args, RedisBinaries binaries, Consumer<String> progress) {
        this.args = args;
        this.binaries = binaries;
        this.progress = progress;
    }

    /**
     * One round.
     *
     * @param identities     identities given a code before the round
     * @param issuedPerSecond codes issued per second while preparing the round (16 threads)
     * @param unexpected     answers other than WRONG for a wrong code and VALID for the right one, plus
     *                       verifications that threw (counted, the loop goes on)
     * @param firstError     the first verification that threw, or null
     * @param poolExhausted  whether a thread ran out of identities before the deadline (the round then ends early
     *                       for it and the figure is less sure)
     */
    record Round(
            int identities,
            double issuedPerSecond,
            double verificationsPerSecond,
            long verifications,
            double p50Ms,
            double p99Ms,
            double validP99Ms,
            long unexpected,
            String firstError,
            boolean poolExhausted) {}

    record Report(
            String benchmark,
            String command,
            String workload,
            String redis,
            String peer,
            List<Round> rounds,
            double verificationsPerSecond,
            double p50Ms,
            double p99Ms,
            double validP99Ms,
            double issuedPerSecond,
            long unexpected)
            implements TextReport {
        @Override
        public String text() {
            return summary(this);
        }
    }

    Report run() {
        try (ScratchRedis server = ScratchRedis.start(binaries)) {
            HostAndPort redis = server.address();
            StewardClient client = StewardClient.create(ClientOptions.builder()
                    .mode(Mode.STANDALONE)
                    .endpoints(redis)
                    .build());
            try {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                OneTimeCodes codes =
                        OneTimeCodes.create(client, CodeOptions.builder(secret).build());
                double rate = ASSUMED_RATE;
                if (args.warmUp() > 0) {
                    progress.accept("OneTimeCodes: warm-up " + args.warmUp() + " s ...");
                    Round warm = round(codes, redis, "warm-up", Duration.ofSeconds(args.warmUp()), rate);
                    rate = warm.poolExhausted()
                            ? Math.max(rate, warm.verificationsPerSecond())
                            : warm.verificationsPerSecond();
                }
                List<Round> rounds = new ArrayList<>();
                for (int r = 1; r <= args.rounds(); r++) {
                    Round round = round(codes, redis, "round-" + r, Duration.ofSeconds(args.seconds()), rate);
                    rounds.add(round);
                    rate = Math.max(rate, round.verificationsPerSecond());
                    progress.accept(String.format(
                            "round %d/%d: %s verifications/s, p50 %s, p99 %s (VALID p99 %s), %d unexpected answers"
                                    + " or errors%s",
                            r,
                            args.rounds(),
                            TextTable.thousands(round.verificationsPerSecond()),
                            TextTable.ms(round.p50Ms()),
                            TextTable.ms(round.p99Ms()),
                            TextTable.ms(round.validP99Ms()),
                            round.unexpected(),
                            (round.firstError() == null ? "" : " (the first error: " + round.firstError() + ")")
                                    + (round.poolExhausted() ? " (ran out of identities)" : "")));
                }
                String command = "./steward bench codes --rounds " + args.rounds() + " --seconds " + args.seconds()
                        + " --warmup " + args.warmUp();
                String workload = THREADS + " threads; before each round codes are issued (CodeOptions defaults:"
                        + " 6 digits, 5 min TTL, 5 attempts) for enough identities; each thread then verifies, per"
                        + " identity, " + WRONG_PER_IDENTITY + " wrong codes and then the right one ("
                        + WRONG_PER_IDENTITY + "/" + (WRONG_PER_IDENTITY + 1) + " wrong), every answer checked; "
                        + args.warmUp() + " s warm-up, then " + args.rounds() + " rounds of " + args.seconds()
                        + " s; medians of the rounds";
                return new Report(
                        "codes",
                        command,
                        workload,
                        "one local redis-server on " + redis + ", no persistence",
                        "none: no Redis client library offers one-time codes (Redisson, Spring Data Redis, Bucket4j,"
                                + " Lettuce do not), so the figures stand alone",
                        rounds,
                        Math.round(Median.of(rounds.stream()
                                .map(Round::verificationsPerSecond)
                                .toList())),
                        Median.of(rounds.stream().map(Round::p50Ms).toList()),
                        Median.of(rounds.stream().map(Round::p99Ms).toList()),
                        Median.of(rounds.stream().map(Round::validP99Ms).toList()),
                        Math.round(Median.of(
                                rounds.stream().map(Round::issuedPerSecond).toList())),
                        rounds.stream().mapToLong(Round::unexpected).sum());
            } finally {
                client.close();
            }
        }
    }

    private Round round(OneTimeCodes codes, HostAndPort redis, String purpose, Duration length, double expectedRate) {
        flush(redis);
        int pool = (int) Math.min(
                MAX_POOL,
                Math.max(MIN_POOL, expectedRate * length.toSeconds() * POOL_HEADROOM / (WRONG_PER_IDENTITY + 1)));
        pool += THREADS - pool % THREADS;
        String[] issued = new String[pool];
        int size = pool;
        progress.accept(purpose + ": issuing codes for " + pool + " identities ...");
        long start = System.nanoTime();
        TimedThreads.run("issue", THREADS, Duration.ofDays(1), (t, deadline) -> {
            for (int i = t; i < size; i += THREADS) {
                IssuedCode code = codes.issue(identity(i), purpose);
                if (!code.issued()) {
                    throw new StewardException("issue refused for a fresh identity: " + code);
                }
                issued[i] = code.code();
            }
        });
        double issuedPerSecond = pool / ((System.nanoTime() - start) / 1e9);
        LatencyHistogram[] all = new LatencyHistogram[THREADS];
        LatencyHistogram[] valid = new LatencyHistogram[THREADS];
        long[] verifications = new long[THREADS];
        long[] unexpected = new long[THREADS];
        boolean[] exhausted = new boolean[THREADS];
        ErrorTally errors = new ErrorTally("OneTimeCodes.verify");
        double seconds = TimedThreads.run("verify", THREADS, length, (t, deadline) -> {
            LatencyHistogram mine = new LatencyHistogram();
            LatencyHistogram right = new LatencyHistogram();
            all[t] = mine;
            valid[t] = right;
            int i = t;
            while (System.nanoTime() - deadline < 0) {
                if (i >= size) {
                    exhausted[t] = true;
                    break;
                }
                String id = identity(i);
                String code = issued[i];
                for (int w = 0; w <= WRONG_PER_IDENTITY; w++) {
                    boolean last = w == WRONG_PER_IDENTITY;
                    long begin = System.nanoTime();
                    VerifyResult result;
                    try {
                        result = codes.verify(id, purpose, last ? code : wrong(code, w))
                                .result();
                    } catch (RuntimeException e) {
                        errors.record(e);
                        unexpected[t]++;
                        continue;
                    }
                    long took = System.nanoTime() - begin;
                    mine.record(took);
                    if (last) {
                        right.record(took);
                    }
                    verifications[t]++;
                    if (result != (last ? VerifyResult.VALID : VerifyResult.WRONG)) {
                        unexpected[t]++;
                    }
                }
                i += THREADS;
            }
        });
        LatencyHistogram merged = new LatencyHistogram();
        LatencyHistogram mergedValid = new LatencyHistogram();
        long total = 0;
        long wrongAnswers = 0;
        boolean ranOut = false;
        for (int t = 0; t < THREADS; t++) {
            merged.add(all[t]);
            mergedValid.add(valid[t]);
            total += verifications[t];
            wrongAnswers += unexpected[t];
            ranOut |= exhausted[t];
        }
        return new Round(
                pool,
                Math.round(issuedPerSecond),
                total / seconds,
                total,
                merged.percentileMs(50),
                merged.percentileMs(99),
                mergedValid.percentileMs(99),
                wrongAnswers,
                errors.first(),
                ranOut);
    }

    private static String identity(int i) {
        return "user-" + i;
    }

    /** A code of the same length that differs from {@code code}: its number plus {@code 1 + w}, wrapped. */
    static String wrong(String code, int w) {
        long modulus = (long) Math.pow(10, code.length());
        long value = (Long.parseLong(code) + 1 + w) % modulus;
        return String.format("%0" + code.length() + "d", value);
    }

    private static void flush(HostAndPort redis) {
        RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    static String summary(Report r) {
        TextTable table = TextTable.of(
                "one-time codes, " + THREADS + " threads",
                "verifications/s",
                "verification p50 / p99",
                "p99 of a VALID verification",
                "unexpected answers or errors",
                "codes issued/s (preparing)");
        table.row(
                "Steward OneTimeCodes",
                TextTable.thousands(r.verificationsPerSecond()),
                TextTable.ms(r.p50Ms()) + " / " + TextTable.ms(r.p99Ms()),
                TextTable.ms(r.validP99Ms()),
                r.unexpected(),
                TextTable.thousands(r.issuedPerSecond()));
        TextTable rounds = TextTable.of("round", "identities", "verifications/s", "p99", "ran out of identities");
        for (int i = 0; i < r.rounds().size(); i++) {
            Round round = r.rounds().get(i);
            rounds.row(
                    i + 1,
                    round.identities(),
                    TextTable.thousands(round.verificationsPerSecond()),
                    TextTable.ms(round.p99Ms()),
                    round.poolExhausted() ? "yes" : "no");
        }
        return "Command: `" + r.command() + "`\n" + r.workload() + "\nRedis: " + r.redis() + "\nPeer: " + r.peer()
                + "\n\n" + table.render() + "\n" + rounds.render();
    }
}

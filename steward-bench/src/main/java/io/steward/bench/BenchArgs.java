package io.steward.bench;

import io.steward.ConfigException;
import io.steward.provision.Profile;
import java.util.List;
import java.util.OptionalInt;

/**
 * The options the benchmarks share.
 *
 * @param runs         how many times each measurement is repeated, 1-50
 * @param writers      writer threads per client in the failover benchmark, 1-64
 * @param profile      the deployment profile (Sentinel down-after 1500 ms or 5000 ms)
 * @param keys         keys in the data set, 1 000-50 000 000; empty for the benchmark's own default
 *                     ({@link #DEFAULT_KEYS} for backup and restore, {@link ScrapeBenchmark#DEFAULT_KEYS}
 *                     for scrape)
 * @param scrapes      measured scrapes of each endpoint in the scrape benchmark, 10-100 000
 * @param watchMinutes minutes the scrape benchmark watches the daemon's resident memory, 0-240 (0: skip)
 * @param rounds       interleaved rounds of the coordination benchmarks (locks, ratelimit, codes), 1-50
 * @param seconds      seconds each contestant is measured per round and phase in those benchmarks, 1-600
 * @param warmUp       seconds of warm-up per contestant before the first round, 0-600 (Redisson needs more than 5
 *                     in a fresh JVM)
 */
record BenchArgs(
        int runs,
        int writers,
        Profile profile,
        OptionalInt keys,
        int scrapes,
        int watchMinutes,
        int rounds,
        int seconds,
        int warmUp) {

    static final int DEFAULT_RUNS = 3;
    static final int DEFAULT_WRITERS = 4;
    static final Profile DEFAULT_PROFILE = Profile.DEVELOPMENT;
    /** About 1 GB of RDB with {@link BackupDataset}'s values (1 000 000 keys give 236 MB). */
    static final int DEFAULT_KEYS = 4_200_000;

    static final int DEFAULT_SCRAPES = 200;
    static final int DEFAULT_WATCH_MINUTES = 10;
    static final int DEFAULT_ROUNDS = 3;
    static final int DEFAULT_SECONDS = 15;
    static final int DEFAULT_WARM_UP = 8;
    static final int MAX_SECONDS = 600;

    static final int MIN_KEYS = 1_000;
    static final int MAX_KEYS = 50_000_000;
    static final int MIN_SCRAPES = 10;
    static final int MAX_SCRAPES = 100_000;
    static final int MAX_WATCH_MINUTES = 240;
    private static final String OPTIONS = "options: --runs N, --writers W, --profile development|production, --keys N,"
            + " --scrapes N, --watch-minutes M, --rounds N, --seconds S, --warmup S";

    BenchArgs {
        if (runs < 1 || runs > 50) {
            throw new ConfigException("--runs", "must be 1-50, was " + runs);
        }
        if (writers < 1 || writers > 64) {
            throw new ConfigException("--writers", "must be 1-64, was " + writers);
        }
        if (profile == null) {
            throw new ConfigException("--profile", "is required");
        }
        if (keys == null) {
            keys = OptionalInt.empty();
        }
        if (keys.isPresent() && (keys.getAsInt() < MIN_KEYS || keys.getAsInt() > MAX_KEYS)) {
            throw new ConfigException("--keys", "must be " + MIN_KEYS + "-" + MAX_KEYS + ", was " + keys.getAsInt());
        }
        if (scrapes < MIN_SCRAPES || scrapes > MAX_SCRAPES) {
            throw new ConfigException("--scrapes", "must be " + MIN_SCRAPES + "-" + MAX_SCRAPES + ", was " + scrapes);
        }
        if (watchMinutes < 0 || watchMinutes > MAX_WATCH_MINUTES) {
            throw new ConfigException("--watch-minutes", "must be 0-" + MAX_WATCH_MINUTES + ", was " + watchMinutes);
        }
        if (rounds < 1 || rounds > 50) {
            throw new ConfigException("--rounds", "must be 1-50, was " + rounds);
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new ConfigException("--seconds", "must be 1-" + MAX_SECONDS + ", was " + seconds);
        }
        if (warmUp < 0 || warmUp > MAX_SECONDS) {
            throw new ConfigException("--warmup", "must be 0-" + MAX_SECONDS + ", was " + warmUp);
        }
    }

    /** Every option at its default. */
    static BenchArgs defaults() {
        return new BenchArgs(
                DEFAULT_RUNS,
                DEFAULT_WRITERS,
                DEFAULT_PROFILE,
                OptionalInt.empty(),
                DEFAULT_SCRAPES,
                DEFAULT_WATCH_MINUTES,
                DEFAULT_ROUNDS,
                DEFAULT_SECONDS,
                DEFAULT_WARM_UP);
    }

    /** {@code --keys}, or {@code benchmarkDefault} when it was not given. */
    int keysOr(int benchmarkDefault) {
        return keys.orElse(benchmarkDefault);
    }

    /**
     * Parses {@code --runs N}, {@code --writers W}, {@code --profile development|production},
     * {@code --keys N}, {@code --scrapes N}, {@code --watch-minutes M}, {@code --rounds N}, {@code --seconds S}
     * and {@code --warmup S}.
     *
     * @throws ConfigException naming the option that is unknown, lacks a value or is out of range
     */
    static BenchArgs parse(List<String> args) {
        BenchArgs d = defaults();
        int runs = d.runs();
        int writers = d.writers();
        Profile profile = d.profile();
        OptionalInt keys = d.keys();
        int scrapes = d.scrapes();
        int watchMinutes = d.watchMinutes();
        int rounds = d.rounds();
        int seconds = d.seconds();
        int warmUp = d.warmUp();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new ConfigException(option, "unknown option or missing value; " + OPTIONS);
            }
            String value = args.get(++i);
            switch (option) {
                case "--runs" -> runs = integer(option, value);
                case "--writers" -> writers = integer(option, value);
                case "--profile" -> profile = Profile.parse(value, option);
                case "--keys" -> keys = OptionalInt.of(integer(option, value));
                case "--scrapes" -> scrapes = integer(option, value);
                case "--watch-minutes" -> watchMinutes = integer(option, value);
                case "--rounds" -> rounds = integer(option, value);
                case "--seconds" -> seconds = integer(option, value);
                case "--warmup" -> warmUp = integer(option, value);
                default -> throw new ConfigException(option, "unknown option; " + OPTIONS);
            }
        }
        return new BenchArgs(runs, writers, profile, keys, scrapes, watchMinutes, rounds, seconds, warmUp);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(option, "'" + value + "' is not a whole number");
        }
    }
}

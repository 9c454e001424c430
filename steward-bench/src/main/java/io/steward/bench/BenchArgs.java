package io.steward.bench;

import io.steward.ConfigException;
import io.steward.provision.Profile;
import java.util.List;

/**
 * The options the benchmarks share.
 *
 * @param runs    how many times each measurement is repeated, 1-50
 * @param writers writer threads per client in the failover benchmark, 1-64
 * @param profile the deployment profile (Sentinel down-after 1500 ms or 5000 ms)
 * @param keys    keys in the data set of the backup and restore benchmarks, 1 000-50 000 000
 */
record BenchArgs(int runs, int writers, Profile profile, int keys) {

    static final int DEFAULT_RUNS = 3;
    static final int DEFAULT_WRITERS = 4;
    static final Profile DEFAULT_PROFILE = Profile.DEVELOPMENT;
    /** About 1 GB of RDB with {@link BackupDataset}'s values (1 000 000 keys give 236 MB). */
    static final int DEFAULT_KEYS = 4_200_000;

    static final int MIN_KEYS = 1_000;
    static final int MAX_KEYS = 50_000_000;
    private static final String OPTIONS = "options: --runs N, --writers W, --profile development|production, --keys N";

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
        if (keys < MIN_KEYS || keys > MAX_KEYS) {
            throw new ConfigException("--keys", "must be " + MIN_KEYS + "-" + MAX_KEYS + ", was " + keys);
        }
    }

    /**
     * Parses {@code --runs N}, {@code --writers W}, {@code --profile development|production} and
     * {@code --keys N}.
     *
     * @throws ConfigException naming the option that is unknown, lacks a value or is out of range
     */
    static BenchArgs parse(List<String> args) {
        int runs = DEFAULT_RUNS;
        int writers = DEFAULT_WRITERS;
        Profile profile = DEFAULT_PROFILE;
        int keys = DEFAULT_KEYS;
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
                case "--keys" -> keys = integer(option, value);
                default -> throw new ConfigException(option, "unknown option; " + OPTIONS);
            }
        }
        return new BenchArgs(runs, writers, profile, keys);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(option, "'" + value + "' is not a whole number");
        }
    }
}

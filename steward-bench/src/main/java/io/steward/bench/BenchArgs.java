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
 */
record BenchArgs(int runs, int writers, Profile profile) {

    static final int DEFAULT_RUNS = 3;
    static final int DEFAULT_WRITERS = 4;
    static final Profile DEFAULT_PROFILE = Profile.DEVELOPMENT;

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
    }

    /**
     * Parses {@code --runs N}, {@code --writers W} and {@code --profile development|production}.
     *
     * @throws ConfigException naming the option that is unknown, lacks a value or is out of range
     */
    static BenchArgs parse(List<String> args) {
        int runs = DEFAULT_RUNS;
        int writers = DEFAULT_WRITERS;
        Profile profile = DEFAULT_PROFILE;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new ConfigException(
                        option,
                        "unknown option or missing value; options: --runs N, --writers W,"
                                + " --profile development|production");
            }
            String value = args.get(++i);
            switch (option) {
                case "--runs" -> runs = integer(option, value);
                case "--writers" -> writers = integer(option, value);
                case "--profile" -> profile = Profile.parse(value, option);
                default ->
                    throw new ConfigException(
                            option,
                            "unknown option; options: --runs N, --writers W," + " --profile development|production");
            }
        }
        return new BenchArgs(runs, writers, profile);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(option, "'" + value + "' is not a whole number");
        }
    }
}

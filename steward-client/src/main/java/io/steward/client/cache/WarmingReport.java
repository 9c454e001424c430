package io.steward.client.cache;

import java.time.Duration;
import java.util.List;

/**
 * What one warming run did, per strategy in the order they ran.
 *
 * @param results one per strategy
 */
public record WarmingReport(List<Result> results) {

    public WarmingReport {
        results = List.copyOf(results);
    }

    /** Entries warmed over all strategies. */
    public long keysWarmed() {
        return results.stream().mapToLong(Result::keysWarmed).sum();
    }

    /** Entries that could not be stored over all strategies. */
    public long failures() {
        return results.stream().mapToLong(Result::failures).sum();
    }

    /**
     * @param name       the strategy
     * @param priority   its priority
     * @param keysWarmed entries stored in Redis
     * @param failures   entries that could not be stored (Redis failing or unavailable)
     * @param elapsed    how long the strategy ran
     * @param error      why it stopped early (the generator or codec threw), or {@code null}
     */
    public record Result(String name, int priority, long keysWarmed, long failures, Duration elapsed, String error) {}
}

package io.steward.monitor.trend;

import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.history.NodeSample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real history file filled with generated samples, on a clock fixed at {@link #END}. */
final class SyntheticHistory implements AutoCloseable {

    /** Now, for the history and the engines under test; on an hour boundary so buckets align. */
    static final Instant END = Instant.parse("2026-03-01T00:00:00Z");

    static final double MIB = 1024.0 * 1024.0;
    static final long GIB = 1L << 30;

    /** A node's field values by age: days before the node's newest sample. */
    @FunctionalInterface
    interface Fields {
        Map<String, Double> at(double ageDays);
    }

    final Clock clock = Clock.fixed(END, ZoneOffset.UTC);
    final MetricsHistory history;

    SyntheticHistory(Path dir) {
        history = MetricsHistory.open(dir.resolve(MetricsHistory.DEFAULT_FILE_NAME), clock);
    }

    /**
     * Samples of {@code node} every {@code step} over the {@code span} that ends one step before
     * {@link #END}; the newest sample has age 0.
     */
    SyntheticHistory samples(String node, Duration span, Duration step, Fields fields) {
        Instant last = END.minus(step);
        List<NodeSample> samples = new ArrayList<>();
        for (Instant at = END.minus(span); !at.isAfter(last); at = at.plus(step)) {
            double ageDays = Duration.between(at, last).toMillis() / 86_400_000.0;
            samples.add(new NodeSample(node, at, fields.at(ageDays)));
        }
        history.recordAll(samples);
        return this;
    }

    /** Rolls up everything before {@link #END}, as the daemon does every minute. */
    SyntheticHistory maintain() {
        history.maintain();
        return this;
    }

    @Override
    public void close() {
        history.close();
    }
}

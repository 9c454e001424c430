package io.steward.cli;

import io.steward.monitor.history.MetricsHistory;
import io.steward.monitor.history.NodeSample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * A history file in a Steward home, written as the daemon would up to the start of the current hour
 * (the commands read it at the real current time).
 */
final class SampleHistory implements AutoCloseable {

    static final double MIB = 1024.0 * 1024.0;

    final Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    final MetricsHistory history;

    SampleHistory(Path home) {
        history = MetricsHistory.open(home.resolve(MetricsHistory.DEFAULT_FILE_NAME), Clock.fixed(end, ZoneOffset.UTC));
    }

    /**
     * Samples of {@code node} every {@code step} over the {@code span} that ends one step before
     * {@link #end}; {@code fields} gets each sample's age in days, 0 for the newest.
     */
    SampleHistory samples(String node, Duration span, Duration step, DoubleFunction<Map<String, Double>> fields) {
        Instant last = end.minus(step);
        List<NodeSample> samples = new ArrayList<>();
        for (Instant at = end.minus(span); !at.isAfter(last); at = at.plus(step)) {
            samples.add(new NodeSample(
                    node, at, fields.apply(Duration.between(at, last).toMillis() / 86_400_000.0)));
        }
        history.recordAll(samples);
        return this;
    }

    @Override
    public void close() {
        history.maintain();
        history.close();
    }
}

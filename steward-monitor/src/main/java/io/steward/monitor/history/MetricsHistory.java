package io.steward.monitor.history;

import io.steward.monitor.alert.AlertTransition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Per-node metric samples, slowlog entries, latency spikes and an events timeline, stored in one
 * SQLite file (conventionally {@code history.db} in the Steward home).
 *
 * <p>Samples are kept raw, then summarised by {@link #maintain()} into 1-minute and 1-hour buckets
 * holding the minimum, mean and maximum of each field and the number of samples (so hour means are
 * weighted by sample count and a spike is never averaged away). How long each resolution lives is a
 * {@link Retention}. Time comes from the injected {@link Clock}; nothing runs in the background: the
 * caller (the daemon's scheduler) calls {@link #maintain()}, for example once a minute.
 *
 * <p>Implementations are safe for concurrent use; calls are serialised on one connection. Times are
 * stored with millisecond precision. Ranges are half-open: {@code from} inclusive, {@code to}
 * exclusive. Every method throws {@link HistoryStoreException} when SQLite fails and
 * {@link IllegalStateException} after {@link #close()}.
 */
public interface MetricsHistory extends AutoCloseable {

    /** The file name the daemon uses in the Steward home. */
    String DEFAULT_FILE_NAME = "history.db";

    /**
     * Opens, creating if needed, the history in {@code dbFile} with {@link Retention#DEFAULT}.
     *
     * @throws HistoryStoreException when the file cannot be opened or was written by a newer Steward
     */
    static MetricsHistory open(Path dbFile, Clock clock) {
        return open(dbFile, clock, Retention.DEFAULT);
    }

    /**
     * Opens, creating if needed, the history in {@code dbFile}, using WAL journaling.
     *
     * @throws HistoryStoreException when the file cannot be opened or was written by a newer Steward
     */
    static MetricsHistory open(Path dbFile, Clock clock, Retention retention) {
        return SqliteMetricsHistory.open(dbFile, clock, retention);
    }

    /** Stores one sample. A second sample of the same node, field and millisecond replaces the first. */
    void record(NodeSample sample);

    /** Stores the samples in one transaction. */
    void recordAll(Collection<NodeSample> samples);

    /** Appends an event to the timeline. */
    void recordEvent(Event event);

    /**
     * Stores slowlog entries in one transaction. Idempotent: an entry whose node, id and time are
     * already stored is skipped, so the collector may pass every round the whole {@code SLOWLOG GET}
     * reply, which repeats entries seen before. The time is part of the key because a restarted node
     * counts ids from 0 again.
     */
    void recordSlowlog(Collection<SlowlogEntry> entries);

    /**
     * The slowlog entries of every node in {@code [from, to)}, newest first, at most {@code limit} of
     * them.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    List<SlowlogEntry> slowlog(Instant from, Instant to, int limit);

    /**
     * Stores latency spikes in one transaction. Idempotent: a spike whose node, event and time are
     * already stored is skipped (the first recording wins), so the collector may pass the whole
     * {@code LATENCY LATEST} reply every round.
     */
    void recordLatency(Collection<LatencyEvent> events);

    /** The latency spikes of every node in {@code [from, to)}, oldest first. */
    List<LatencyEvent> latency(Instant from, Instant to);

    /**
     * Stores alert transitions (pending, firing, repeat, resolved) in one transaction, so the alert
     * history survives a restart. They live as long as events.
     */
    void recordAlerts(Collection<AlertTransition> transitions);

    /**
     * The newest {@code limit} alert transitions kept, newest first.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    List<AlertTransition> alertHistory(int limit);

    /**
     * The nodes that have samples in {@code [from, to)} at any resolution (raw, or a rollup bucket
     * overlapping the range), sorted by name.
     */
    List<String> nodes(Instant from, Instant to);

    /**
     * Rolls up every minute and hour completed by the clock's now, then deletes what the retention has
     * outlived (slowlog entries and latency spikes live as long as minute rollups, events and alert
     * transitions as long as hour rollups). Idempotent: calling it again at the same time changes
     * nothing. A sample recorded for a minute that has already been rolled up stays raw only.
     */
    void maintain();

    /**
     * The values of {@code field} for {@code node} in {@code [from, to)}, oldest first. For rollups a
     * bucket is included when it overlaps the range. {@link Resolution#AUTO} is resolved with
     * {@link #resolutionFor}.
     */
    List<Point> series(String node, String field, Instant from, Instant to, Resolution resolution);

    /**
     * The current time by the clock the history was opened with. Readers that look back from "now"
     * (analyses, charts) end their windows here, so they agree with {@link #resolutionFor} and the
     * retention.
     */
    Instant now();

    /** The resolution {@link Resolution#AUTO} reads for {@code [from, to)} at the clock's now. */
    Resolution resolutionFor(Instant from, Instant to);

    /** The events in {@code [from, to)}, oldest first. */
    List<Event> events(Instant from, Instant to);

    /**
     * When the oldest sample still kept was taken, over every node: the oldest raw sample or the
     * start of the oldest rollup bucket, whichever is earlier; empty when the history holds none.
     */
    Optional<Instant> oldestSample();

    /** The newest raw sample of {@code node}; empty when none is kept. */
    Optional<NodeSample> latest(String node);

    /** Closes the file. Idempotent. */
    @Override
    void close();
}

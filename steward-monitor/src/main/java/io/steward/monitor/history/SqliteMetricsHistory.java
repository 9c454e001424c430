package io.steward.monitor.history;

import io.steward.monitor.alert.AlertTransition;
import io.steward.provision.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@link MetricsHistory} over one SQLite connection, every call serialised on this object. */
final class SqliteMetricsHistory implements MetricsHistory {

    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    /** The time column of a table and the width of the time its rows stand for (0 for raw samples). */
    private record TimeColumn(String table, String column, long bucketMs) {}

    private static final List<TimeColumn> COARSE_TO_FINE = List.of(
            new TimeColumn(HistorySchema.HOUR, "bucket", HOUR_MS),
            new TimeColumn(HistorySchema.MINUTE, "bucket", MINUTE_MS),
            new TimeColumn(HistorySchema.RAW, "at", 0));

    private final Path file;
    private final Clock clock;
    private final Retention retention;
    private final Connection connection;
    private final RollupJob rollups;
    private final DiagnosticTables diagnostics;
    private final AlertTable alerts;
    private boolean closed;

    private SqliteMetricsHistory(Path file, Clock clock, Retention retention, Connection connection) {
        this.file = file;
        this.clock = clock;
        this.retention = retention;
        this.connection = connection;
        this.rollups = new RollupJob(connection);
        this.diagnostics = new DiagnosticTables(connection);
        this.alerts = new AlertTable(connection);
    }

    static MetricsHistory open(Path file, Clock clock, Retention retention) {
        Objects.requireNonNull(file, "dbFile");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retention, "retention");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(file)) {
                // slowlog entries hold command arguments, that is user data; SQLite gives the
                // -wal and -shm files the mode of the database file
                OwnerOnlyFiles.write(file, new byte[0]);
            }
        } catch (FileAlreadyExistsException e) {
            // another process created it meanwhile
        } catch (IOException e) {
            throw new HistoryStoreException(file, "create the file or its directory", e);
        }
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            HistorySchema.prepare(connection);
            return new SqliteMetricsHistory(file, clock, retention, connection);
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw new HistoryStoreException(file, "open", e);
        }
    }

    @Override
    public void record(NodeSample sample) {
        recordAll(List.of(Objects.requireNonNull(sample, "sample")));
    }

    @Override
    public synchronized void recordAll(Collection<NodeSample> samples) {
        ensureOpen();
        String sql = "INSERT OR REPLACE INTO sample (node, field, at, value) VALUES (?, ?, ?, ?)";
        inTransaction("record samples", () -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (NodeSample sample : samples) {
                    long at = sample.at().toEpochMilli();
                    for (Map.Entry<String, Double> field : sample.fields().entrySet()) {
                        insert.setString(1, sample.node());
                        insert.setString(2, field.getKey());
                        insert.setLong(3, at);
                        insert.setDouble(4, field.getValue());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        });
    }

    @Override
    public synchronized void recordEvent(Event event) {
        Objects.requireNonNull(event, "event");
        ensureOpen();
        String sql = "INSERT INTO event (at, kind, node, detail) VALUES (?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setLong(1, event.at().toEpochMilli());
            insert.setString(2, event.kind().name());
            insert.setString(3, event.node());
            insert.setString(4, event.detail());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "record an event", e);
        }
    }

    @Override
    public synchronized void recordSlowlog(Collection<SlowlogEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        ensureOpen();
        inTransaction("record slowlog entries", () -> diagnostics.insertSlowlog(entries));
    }

    @Override
    public synchronized List<SlowlogEntry> slowlog(Instant from, Instant to, int limit) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
        }
        ensureOpen();
        try {
            return diagnostics.selectSlowlog(from.toEpochMilli(), to.toEpochMilli(), limit);
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "read slowlog entries", e);
        }
    }

    @Override
    public synchronized void recordAlerts(Collection<AlertTransition> transitions) {
        Objects.requireNonNull(transitions, "transitions");
        ensureOpen();
        inTransaction("record alert transitions", () -> alerts.insert(transitions));
    }

    @Override
    public synchronized List<AlertTransition> alertHistory(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 but was " + limit);
        }
        ensureOpen();
        try {
            return alerts.newest(limit);
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "read the alert history", e);
        }
    }

    @Override
    public synchronized void recordLatency(Collection<LatencyEvent> events) {
        Objects.requireNonNull(events, "events");
        ensureOpen();
        inTransaction("record latency spikes", () -> diagnostics.insertLatency(events));
    }

    @Override
    public synchronized List<LatencyEvent> latency(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        ensureOpen();
        try {
            return diagnostics.selectLatency(from.toEpochMilli(), to.toEpochMilli());
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "read latency spikes", e);
        }
    }

    @Override
    public synchronized List<String> nodes(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        ensureOpen();
        try {
            Set<String> known = new TreeSet<>();
            known.addAll(distinctNodes(HistorySchema.RAW));
            known.addAll(distinctNodes(HistorySchema.MINUTE));
            known.addAll(distinctNodes(HistorySchema.HOUR));
            List<String> present = new ArrayList<>();
            for (String node : known) {
                if (hasSamples(node, from.toEpochMilli(), to.toEpochMilli())) {
                    present.add(node);
                }
            }
            return present;
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "list nodes", e);
        }
    }

    /** Every node of {@code table}, found with one primary-key seek per node rather than a scan. */
    private Set<String> distinctNodes(String table) throws SQLException {
        Set<String> nodes = new TreeSet<>();
        try (PreparedStatement next =
                connection.prepareStatement("SELECT min(node) FROM " + table + " WHERE node > ?")) {
            String last = "";
            while (true) {
                next.setString(1, last);
                try (ResultSet rs = next.executeQuery()) {
                    last = rs.next() ? rs.getString(1) : null;
                }
                if (last == null) {
                    return nodes;
                }
                nodes.add(last);
            }
        }
    }

    private boolean hasSamples(String node, long from, long to) throws SQLException {
        return exists("SELECT 1 FROM sample WHERE node = ? AND at >= ? AND at < ? LIMIT 1", node, from, to)
                || exists(overlapping(HistorySchema.MINUTE), node, from - MINUTE_MS, to)
                || exists(overlapping(HistorySchema.HOUR), node, from - HOUR_MS, to);
    }

    private static String overlapping(String rollupTable) {
        return "SELECT 1 FROM " + rollupTable + " WHERE node = ? AND bucket > ? AND bucket < ? LIMIT 1";
    }

    private boolean exists(String sql, String node, long from, long to) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, node);
            query.setLong(2, from);
            query.setLong(3, to);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public synchronized void maintain() {
        ensureOpen();
        long now = clock.millis();
        inTransaction("maintain", () -> {
            rollups.rollUp(HistorySchema.RAW, HistorySchema.MINUTE, MINUTE_MS, now);
            rollups.rollUp(HistorySchema.MINUTE, HistorySchema.HOUR, HOUR_MS, now);
            deleteBefore(HistorySchema.RAW, "at", now - retention.raw().toMillis());
            deleteBefore(
                    HistorySchema.MINUTE, "bucket", now - retention.minute().toMillis());
            deleteBefore(HistorySchema.HOUR, "bucket", now - retention.hour().toMillis());
            deleteBefore(HistorySchema.SLOWLOG, "at", now - retention.minute().toMillis());
            deleteBefore(HistorySchema.LATENCY, "at", now - retention.minute().toMillis());
            deleteBefore("event", "at", now - retention.hour().toMillis());
            deleteBefore(
                    HistorySchema.ALERT_TRANSITION, "at", now - retention.hour().toMillis());
        });
    }

    private void deleteBefore(String table, String column, long cutoff) throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM " + table + " WHERE " + column + " < ?")) {
            delete.setLong(1, cutoff);
            delete.executeUpdate();
        }
    }

    @Override
    public synchronized List<Point> series(String node, String field, Instant from, Instant to, Resolution resolution) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(resolution, "resolution");
        ensureOpen();
        Resolution chosen = resolution == Resolution.AUTO ? resolutionFor(from, to) : resolution;
        try {
            return chosen == Resolution.RAW
                    ? rawSeries(node, field, from, to)
                    : rollupSeries(
                            chosen == Resolution.MINUTE ? HistorySchema.MINUTE : HistorySchema.HOUR,
                            chosen.bucket().toMillis(),
                            node,
                            field,
                            from,
                            to);
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "read " + node + " " + field, e);
        }
    }

    private List<Point> rawSeries(String node, String field, Instant from, Instant to) throws SQLException {
        String sql = "SELECT at, value FROM sample WHERE node = ? AND field = ? AND at >= ? AND at < ? ORDER BY at";
        List<Point> points = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            bindRange(query, node, field, from.toEpochMilli(), to.toEpochMilli());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    double value = rs.getDouble(2);
                    points.add(new Point(Instant.ofEpochMilli(rs.getLong(1)), value, value, value, 1));
                }
            }
        }
        return points;
    }

    private List<Point> rollupSeries(String table, long bucketMs, String node, String field, Instant from, Instant to)
            throws SQLException {
        String sql = "SELECT bucket, avg, min, max, samples FROM " + table
                + " WHERE node = ? AND field = ? AND bucket > ? AND bucket < ? ORDER BY bucket";
        List<Point> points = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            bindRange(query, node, field, from.toEpochMilli() - bucketMs, to.toEpochMilli());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    points.add(new Point(
                            Instant.ofEpochMilli(rs.getLong(1)),
                            rs.getDouble(2),
                            rs.getDouble(3),
                            rs.getDouble(4),
                            rs.getLong(5)));
                }
            }
        }
        return points;
    }

    private static void bindRange(PreparedStatement query, String node, String field, long from, long to)
            throws SQLException {
        query.setString(1, node);
        query.setString(2, field);
        query.setLong(3, from);
        query.setLong(4, to);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Resolution resolutionFor(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Duration range = Duration.between(from, to);
        Instant now = clock.instant();
        if (range.compareTo(Resolution.RAW_MAX_RANGE) <= 0 && !from.isBefore(now.minus(retention.raw()))) {
            return Resolution.RAW;
        }
        if (range.compareTo(Resolution.MINUTE_MAX_RANGE) <= 0 && !from.isBefore(now.minus(retention.minute()))) {
            return Resolution.MINUTE;
        }
        return Resolution.HOUR;
    }

    @Override
    public synchronized List<Event> events(Instant from, Instant to) {
        ensureOpen();
        String sql = "SELECT at, kind, node, detail FROM event WHERE at >= ? AND at < ? ORDER BY at, id";
        List<Event> events = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, from.toEpochMilli());
            query.setLong(2, to.toEpochMilli());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(
                            Instant.ofEpochMilli(rs.getLong(1)),
                            EventKind.valueOf(rs.getString(2)),
                            rs.getString(3),
                            rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "read events", e);
        }
        return events;
    }

    @Override
    public synchronized Optional<Instant> oldestSample() {
        ensureOpen();
        try {
            Long oldest = null;
            long width = 0;
            for (TimeColumn column : COARSE_TO_FINE) {
                Long first = minimum(column);
                // a finer table's oldest time inside the oldest coarser bucket is the more exact one
                if (first != null && (oldest == null || first < oldest + Math.max(width, 1))) {
                    oldest = first;
                    width = column.bucketMs();
                }
            }
            return Optional.ofNullable(oldest).map(Instant::ofEpochMilli);
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "read the oldest sample time", e);
        }
    }

    /** The smallest time in {@code column} (one seek on its time index), or null when the table is empty. */
    private Long minimum(TimeColumn column) throws SQLException {
        String sql = "SELECT min(" + column.column() + ") FROM " + column.table();
        try (PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            long value = rs.getLong(1);
            return rs.wasNull() ? null : value;
        }
    }

    @Override
    public synchronized Optional<NodeSample> latest(String node) {
        Objects.requireNonNull(node, "node");
        ensureOpen();
        String sql = "SELECT at, field, value FROM sample WHERE node = ?"
                + " AND at = (SELECT max(at) FROM sample WHERE node = ?)";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, node);
            query.setString(2, node);
            Map<String, Double> fields = new TreeMap<>();
            long at = 0;
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    at = rs.getLong(1);
                    fields.put(rs.getString(2), rs.getDouble(3));
                }
            }
            return fields.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new NodeSample(node, Instant.ofEpochMilli(at), fields));
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "read the latest sample of " + node, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new HistoryStoreException(file, "close", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("metrics history " + file + " is closed");
        }
    }

    private void inTransaction(String action, SqlWork work) {
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new HistoryStoreException(file, action, e);
        }
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }
}

package io.steward.monitor.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of the history file. Samples are stored narrow (one row per node, field and time) so a
 * new field needs no migration. Times are epoch milliseconds.
 *
 * <p>Versions: 1 samples, rollups and events; 2 adds the {@code slowlog} and {@code latency} tables;
 * 3 adds {@code alert_transition}, the alert history; 4 adds no table but may hold events of kind
 * {@link EventKind#SENTINEL}, which an older Steward cannot read: it refuses the file as newer
 * rather than failing on the first such event.
 * Every statement is {@code CREATE ... IF NOT EXISTS}, so opening an older file migrates it by
 * creating what it lacks.
 */
final class HistorySchema {

    static final int VERSION = 4;

    static final String RAW = "sample";
    static final String MINUTE = "rollup_minute";
    static final String HOUR = "rollup_hour";
    static final String SLOWLOG = "slowlog";
    static final String LATENCY = "latency";
    static final String ALERT_TRANSITION = "alert_transition";

    private static final String[] CREATE = {
        "CREATE TABLE IF NOT EXISTS sample (node TEXT NOT NULL, field TEXT NOT NULL, at INTEGER NOT NULL,"
                + " value REAL NOT NULL, PRIMARY KEY (node, field, at)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS sample_node_at ON sample (node, at)",
        "CREATE INDEX IF NOT EXISTS sample_at ON sample (at)",
        rollupTable(MINUTE),
        "CREATE INDEX IF NOT EXISTS rollup_minute_bucket ON rollup_minute (bucket)",
        rollupTable(HOUR),
        "CREATE INDEX IF NOT EXISTS rollup_hour_bucket ON rollup_hour (bucket)",
        "CREATE TABLE IF NOT EXISTS event (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL,"
                + " node TEXT NOT NULL, detail TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS event_at ON event (at)",
        "CREATE INDEX IF NOT EXISTS event_node_at ON event (node, at)",
        // how far rollups have been computed, so maintain() only reads new data
        "CREATE TABLE IF NOT EXISTS watermark (name TEXT PRIMARY KEY, until INTEGER NOT NULL)",
        // version 2; the key includes the time because a restarted node counts slowlog ids from 0 again
        "CREATE TABLE IF NOT EXISTS slowlog (node TEXT NOT NULL, id INTEGER NOT NULL, at INTEGER NOT NULL,"
                + " duration_us INTEGER NOT NULL, command TEXT NOT NULL, client TEXT NOT NULL,"
                + " PRIMARY KEY (node, id, at)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS slowlog_at ON slowlog (at)",
        "CREATE TABLE IF NOT EXISTS latency (node TEXT NOT NULL, event TEXT NOT NULL, at INTEGER NOT NULL,"
                + " latest_ms INTEGER NOT NULL, max_ms INTEGER NOT NULL, PRIMARY KEY (node, event, at)) WITHOUT ROWID",
        "CREATE INDEX IF NOT EXISTS latency_at ON latency (at)",
        // version 3; times are epoch milliseconds, last_notified is null while pending
        "CREATE TABLE IF NOT EXISTS alert_transition (id INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
                + " kind TEXT NOT NULL, rule TEXT NOT NULL, target TEXT NOT NULL, severity TEXT NOT NULL,"
                + " state TEXT NOT NULL, since INTEGER NOT NULL, last_notified INTEGER, summary TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS alert_transition_at ON alert_transition (at)",
    };

    private HistorySchema() {}

    private static String rollupTable(String name) {
        return "CREATE TABLE IF NOT EXISTS " + name + " (node TEXT NOT NULL, field TEXT NOT NULL,"
                + " bucket INTEGER NOT NULL, min REAL NOT NULL, avg REAL NOT NULL, max REAL NOT NULL,"
                + " samples INTEGER NOT NULL, PRIMARY KEY (node, field, bucket)) WITHOUT ROWID";
    }

    /** Sets the pragmas and creates missing tables; refuses a file from a newer schema. */
    static void prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=NORMAL");
            statement.execute("PRAGMA busy_timeout=5000");
            int version;
            try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > VERSION) {
                throw new SQLException(
                        "schema version " + version + " is newer than " + VERSION + " (written by a newer Steward)");
            }
            for (String sql : CREATE) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version=" + VERSION);
        }
    }
}

package io.steward.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertState;
import io.steward.monitor.alert.AlertTransition;
import io.steward.ops.config.AlertSeverity;
import io.steward.test.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistorySchemaTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldMigrateVersion1FileByAddingSlowlogAndLatencyTables() throws SQLException {
        Path file = dir.resolve(MetricsHistory.DEFAULT_FILE_NAME);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            // the version 1 tables as Steward 0.1 created them
            statement.execute("CREATE TABLE sample (node TEXT NOT NULL, field TEXT NOT NULL, at INTEGER NOT NULL,"
                    + " value REAL NOT NULL, PRIMARY KEY (node, field, at)) WITHOUT ROWID");
            statement.execute("CREATE TABLE event (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL,"
                    + " node TEXT NOT NULL, detail TEXT NOT NULL)");
            statement.execute("CREATE TABLE watermark (name TEXT PRIMARY KEY, until INTEGER NOT NULL)");
            statement.execute("INSERT INTO sample VALUES ('n:6379', 'used_memory', " + T0.toEpochMilli() + ", 42)");
            statement.execute("PRAGMA user_version=1");
        }

        try (MetricsHistory history = MetricsHistory.open(file, new MutableClock(T0))) {
            assertThat(history.latest("n:6379"))
                    .contains(new NodeSample("n:6379", T0, Map.of(MetricField.USED_MEMORY, 42.0)));
            SlowlogEntry entry = new SlowlogEntry("n:6379", 1, T0, 20_000, List.of("KEYS", "*"), "");
            history.recordSlowlog(List.of(entry));
            assertThat(history.slowlog(T0, T0.plusSeconds(1), 1)).containsExactly(entry);
            history.recordLatency(List.of(new LatencyEvent("n:6379", "fork", T0, 101, 101)));
            assertThat(history.latency(T0, T0.plusSeconds(1))).hasSize(1);
        }
        assertThat(userVersion(file)).isEqualTo(HistorySchema.VERSION).isEqualTo(4);
    }

    @Test
    void shouldMigrateVersion2FileByAddingTheAlertHistory() throws SQLException {
        Path file = dir.resolve(MetricsHistory.DEFAULT_FILE_NAME);
        try (MetricsHistory history = MetricsHistory.open(file, new MutableClock(T0))) {
            history.recordEvent(new Event(T0, EventKind.BACKUP, "", "rdb backup 1"));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            // back to what a version 2 file holds
            statement.execute("DROP TABLE alert_transition");
            statement.execute("PRAGMA user_version=2");
        }

        try (MetricsHistory history = MetricsHistory.open(file, new MutableClock(T0))) {
            assertThat(history.events(T0, T0.plusSeconds(1))).hasSize(1);
            assertThat(history.alertHistory(10)).isEmpty();
            AlertTransition firing = new AlertTransition(
                    AlertTransition.Kind.FIRING,
                    new Alert("memory-high", "n:6379", AlertSeverity.WARNING, AlertState.FIRING, T0, T0, "memory 81 %"),
                    T0);
            history.recordAlerts(List.of(firing));
            assertThat(history.alertHistory(10)).containsExactly(firing);
        }
        assertThat(userVersion(file)).isEqualTo(4);
    }

    @Test
    void shouldMarkVersion3FileAsVersion4AndKeepSentinelEvents() throws SQLException {
        Path file = dir.resolve(MetricsHistory.DEFAULT_FILE_NAME);
        try (MetricsHistory history = MetricsHistory.open(file, new MutableClock(T0))) {
            history.recordEvent(new Event(T0, EventKind.BACKUP, "", "rdb backup 1"));
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version=3");
        }

        Event sdown = new Event(
                T0.plusMillis(1), EventKind.SENTINEL, "127.0.0.1:26379", "+sdown master steward 127.0.0.1 6379");
        try (MetricsHistory history = MetricsHistory.open(file, new MutableClock(T0))) {
            history.recordEvent(sdown);
            assertThat(history.events(T0, T0.plusSeconds(1))).hasSize(2).endsWith(sdown);
        }
        // an older Steward, which cannot name SENTINEL events, refuses the file as newer
        assertThat(userVersion(file)).isEqualTo(4);
    }

    @Test
    void shouldRefuseFileOfNewerSchema() throws SQLException {
        Path file = dir.resolve(MetricsHistory.DEFAULT_FILE_NAME);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version=" + (HistorySchema.VERSION + 1));
        }

        assertThatThrownBy(() -> MetricsHistory.open(file, new MutableClock(T0)))
                .isInstanceOf(HistoryStoreException.class)
                .hasMessageContaining("newer");
    }

    private static int userVersion(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.getInt(1);
        }
    }
}

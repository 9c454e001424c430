package io.steward.monitor.history;

import io.steward.monitor.alert.Alert;
import io.steward.monitor.alert.AlertState;
import io.steward.monitor.alert.AlertTransition;
import io.steward.ops.config.AlertSeverity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads and writes the {@code alert_transition} table: every change the alert engine made, with the
 * alert as it was after the change, so the alert history outlives the daemon. Enum values are stored
 * by name. The caller owns transactions and serialisation.
 */
final class AlertTable {

    private final Connection connection;

    AlertTable(Connection connection) {
        this.connection = connection;
    }

    void insert(Collection<AlertTransition> transitions) throws SQLException {
        String sql = "INSERT INTO " + HistorySchema.ALERT_TRANSITION
                + " (at, kind, rule, target, severity, state, since, last_notified, summary)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (AlertTransition t : transitions) {
                Alert a = t.alert();
                insert.setLong(1, t.at().toEpochMilli());
                insert.setString(2, t.kind().name());
                insert.setString(3, a.rule());
                insert.setString(4, a.target());
                insert.setString(5, a.severity().name());
                insert.setString(6, a.state().name());
                insert.setLong(7, a.since().toEpochMilli());
                if (a.lastNotified() == null) {
                    insert.setNull(8, Types.INTEGER);
                } else {
                    insert.setLong(8, a.lastNotified().toEpochMilli());
                }
                insert.setString(9, a.summary());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The newest {@code limit} transitions, newest first (in order of recording within one time). */
    List<AlertTransition> newest(int limit) throws SQLException {
        String sql = "SELECT at, kind, rule, target, severity, state, since, last_notified, summary FROM "
                + HistorySchema.ALERT_TRANSITION + " ORDER BY at DESC, id DESC LIMIT ?";
        List<AlertTransition> out = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setInt(1, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long lastNotified = rs.getLong(8);
                    Instant notified = rs.wasNull() ? null : Instant.ofEpochMilli(lastNotified);
                    Alert alert = new Alert(
                            rs.getString(3),
                            rs.getString(4),
                            AlertSeverity.valueOf(rs.getString(5)),
                            AlertState.valueOf(rs.getString(6)),
                            Instant.ofEpochMilli(rs.getLong(7)),
                            notified,
                            rs.getString(9));
                    out.add(new AlertTransition(
                            AlertTransition.Kind.valueOf(rs.getString(2)), alert, Instant.ofEpochMilli(rs.getLong(1))));
                }
            }
        }
        return out;
    }
}

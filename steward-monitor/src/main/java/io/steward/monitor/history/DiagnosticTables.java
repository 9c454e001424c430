package io.steward.monitor.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads and writes the {@code slowlog} and {@code latency} tables. Rows are inserted with
 * {@code INSERT OR IGNORE} on their natural keys, which is what makes recording the same reply twice
 * harmless. A slowlog command is stored as a JSON array because its arguments may hold any character.
 * The caller owns transactions and serialisation.
 */
final class DiagnosticTables {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private final Connection connection;

    DiagnosticTables(Connection connection) {
        this.connection = connection;
    }

    void insertSlowlog(Collection<SlowlogEntry> entries) throws SQLException {
        String sql = "INSERT OR IGNORE INTO " + HistorySchema.SLOWLOG
                + " (node, id, at, duration_us, command, client) VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (SlowlogEntry entry : entries) {
                insert.setString(1, entry.node());
                insert.setLong(2, entry.id());
                insert.setLong(3, entry.at().toEpochMilli());
                insert.setLong(4, entry.durationMicros());
                insert.setString(5, encode(entry.command()));
                insert.setString(6, entry.client());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    List<SlowlogEntry> selectSlowlog(long from, long to, int limit) throws SQLException {
        String sql = "SELECT node, id, at, duration_us, command, client FROM " + HistorySchema.SLOWLOG
                + " WHERE at >= ? AND at < ? ORDER BY at DESC, node, id DESC LIMIT ?";
        List<SlowlogEntry> entries = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, from);
            query.setLong(2, to);
            query.setInt(3, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    entries.add(new SlowlogEntry(
                            rs.getString(1),
                            rs.getLong(2),
                            Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getLong(4),
                            decode(rs.getString(5)),
                            rs.getString(6)));
                }
            }
        }
        return entries;
    }

    void insertLatency(Collection<LatencyEvent> events) throws SQLException {
        String sql = "INSERT OR IGNORE INTO " + HistorySchema.LATENCY
                + " (node, event, at, latest_ms, max_ms) VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (LatencyEvent event : events) {
                insert.setString(1, event.node());
                insert.setString(2, event.event());
                insert.setLong(3, event.at().toEpochMilli());
                insert.setLong(4, event.latestMillis());
                insert.setLong(5, event.maxMillis());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    List<LatencyEvent> selectLatency(long from, long to) throws SQLException {
        String sql = "SELECT node, event, at, latest_ms, max_ms FROM " + HistorySchema.LATENCY
                + " WHERE at >= ? AND at < ? ORDER BY at, node, event";
        List<LatencyEvent> events = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, from);
            query.setLong(2, to);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    events.add(new LatencyEvent(
                            rs.getString(1),
                            rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        }
        return events;
    }

    private static String encode(List<String> command) throws SQLException {
        try {
            return JSON.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot encode slowlog command: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> decode(String json) throws SQLException {
        try {
            return JSON.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new SQLException("slowlog row holds a malformed command: " + e.getOriginalMessage(), e);
        }
    }
}

package io.steward.monitor.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Summarises completed buckets of a source table (raw samples or minute rollups) into a coarser
 * rollup table, resuming from a per-target watermark. Means from rollups are weighted by their sample
 * count. {@code INSERT OR REPLACE} makes a repeated bucket harmless.
 */
final class RollupJob {

    private final Connection connection;

    RollupJob(Connection connection) {
        this.connection = connection;
    }

    /** Rolls up every bucket of width {@code bucketMs} that ends at or before {@code nowMs}. */
    void rollUp(String source, String target, long bucketMs, long nowMs) throws SQLException {
        long end = Math.floorDiv(nowMs, bucketMs) * bucketMs;
        long start = watermark(target);
        if (end <= start) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(insertSql(source, target))) {
            insert.setLong(1, bucketMs);
            insert.setLong(2, bucketMs);
            insert.setLong(3, start);
            insert.setLong(4, end);
            insert.setLong(5, bucketMs);
            insert.executeUpdate();
        }
        setWatermark(target, end);
    }

    private static String insertSql(String source, String target) {
        boolean fromRaw = source.equals(HistorySchema.RAW);
        String time = fromRaw ? "at" : "bucket";
        String aggregates = fromRaw
                ? "min(value), avg(value), max(value), count(*)"
                : "min(min), sum(avg * samples) / sum(samples), max(max), sum(samples)";
        return "INSERT OR REPLACE INTO " + target + " (node, field, bucket, min, avg, max, samples)"
                + " SELECT node, field, (" + time + " / ?) * ?, " + aggregates
                + " FROM " + source + " WHERE " + time + " >= ? AND " + time + " < ?"
                + " GROUP BY node, field, " + time + " / ?";
    }

    private long watermark(String target) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT until FROM watermark WHERE name = ?")) {
            query.setString(1, target);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
            }
        }
    }

    private void setWatermark(String target, long until) throws SQLException {
        try (PreparedStatement upsert =
                connection.prepareStatement("INSERT OR REPLACE INTO watermark (name, until) VALUES (?, ?)")) {
            upsert.setString(1, target);
            upsert.setLong(2, until);
            upsert.executeUpdate();
        }
    }
}

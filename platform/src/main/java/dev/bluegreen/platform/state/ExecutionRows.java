package dev.bluegreen.platform.state;

import dev.bluegreen.core.pipeline.Execution;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pipeline's executions ({@code execution}): one row each, the columns that queries need and the whole
 * execution as JSON (its stages change together, so they are written together).
 */
final class ExecutionRows {

    private static final String SELECT = "SELECT body FROM execution";

    private ExecutionRows() {
    }

    static void write(Connection db, Execution execution) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO execution (id, tag, status, final, "
                + "created_at, body) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, execution.id());
            ps.setString(2, execution.tag());
            ps.setString(3, execution.status().name());
            ps.setInt(4, execution.isFinal() ? 1 : 0);
            ps.setString(5, execution.createdAt().toString());
            ps.setString(6, Executions.body(execution));
            ps.executeUpdate();
        }
    }

    static List<Execution> newest(Connection db, int limit) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(SELECT + " ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, Math.max(0, limit));
            return readAll(ps);
        }
    }

    static Optional<Execution> byId(Connection db, long id) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            return readAll(ps).stream().findFirst();
        }
    }

    /** Oldest first. */
    static List<Execution> active(Connection db) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(SELECT + " WHERE final = 0 ORDER BY id")) {
            return readAll(ps);
        }
    }

    static long nextId(Connection db) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM execution");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 1L;
        }
    }

    private static List<Execution> readAll(PreparedStatement ps) throws SQLException {
        List<Execution> all = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    all.add(Executions.parse(rs.getString(1)));
                } catch (IOException | RuntimeException e) {
                    throw new SQLException("an execution in the state is unreadable: " + e.getMessage(), e);
                }
            }
        }
        return all;
    }
}

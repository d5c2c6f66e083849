package dev.bluegreen.platform.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * An execution's details ({@code execution_release}, {@code execution_checks}): one JSON body per execution and
 * table, written whole.
 */
final class DetailRows {

    static final String RELEASE = "execution_release";
    static final String CHECKS = "execution_checks";

    private DetailRows() {
    }

    static Optional<String> read(Connection db, String table, long execution) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT body FROM " + table + " WHERE execution = ?")) {
            ps.setLong(1, execution);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static void write(Connection db, String table, long execution, String body) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO " + table
                + " (execution, body) VALUES (?, ?)")) {
            ps.setLong(1, execution);
            ps.setString(2, body);
            ps.executeUpdate();
        }
    }
}

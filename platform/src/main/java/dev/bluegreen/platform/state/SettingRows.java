package dev.bluegreen.platform.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The pipeline's small remembered values ({@code setting}), by key. */
final class SettingRows {

    private SettingRows() {
    }

    static Optional<String> read(Connection db, String key) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM setting WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static void write(Connection db, String key, String value) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }
}

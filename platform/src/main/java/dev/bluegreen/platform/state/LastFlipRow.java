package dev.bluegreen.platform.state;

import dev.bluegreen.core.routing.LastFlip;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** The last flip's single row ({@code id = 1}): each flip replaces the one before, as only it can be undone. */
final class LastFlipRow {

    private LastFlipRow() {
    }

    static Optional<LastFlip> read(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT promoted, promoted_image, "
                + "demoted, demoted_image, request_id FROM last_flip WHERE id = 1")) {
            return rs.next() ? Optional.of(new LastFlip(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getString(4), rs.getString(5))) : Optional.empty();
        }
    }

    static void write(Connection db, LastFlip lastFlip) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO last_flip (id, promoted, "
                + "promoted_image, demoted, demoted_image, request_id) VALUES (1, ?, ?, ?, ?, ?)")) {
            ps.setString(1, lastFlip.promoted());
            ps.setString(2, lastFlip.promotedImage());
            ps.setString(3, lastFlip.demoted());
            ps.setString(4, lastFlip.demotedImage());
            ps.setString(5, lastFlip.requestId());
            ps.executeUpdate();
        }
    }
}

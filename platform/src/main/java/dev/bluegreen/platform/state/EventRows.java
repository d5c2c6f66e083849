package dev.bluegreen.platform.state;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The event log's rows ({@code event}): appended, never changed. */
final class EventRows {

    private EventRows() {
    }

    /** @return the id the log gave the event */
    static long insert(Connection db, Event event) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO event (time, actor, type, message) "
                + "VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, event.time().toString());
            ps.setString(2, event.actor());
            ps.setString(3, event.type().code());
            ps.setString(4, event.message());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : 0;
            }
        }
    }

    static List<Event> newest(Connection db, int limit) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT id, time, actor, type, message FROM event "
                + "ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, Math.max(0, limit));
            try (ResultSet rs = ps.executeQuery()) {
                List<Event> events = new ArrayList<>();
                while (rs.next()) {
                    events.add(new Event(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3),
                            EventType.ofCode(rs.getString(4)), rs.getString(5)));
                }
                return events;
            }
        }
    }
}

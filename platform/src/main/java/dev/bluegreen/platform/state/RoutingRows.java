package dev.bluegreen.platform.state;

import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Split;
import dev.bluegreen.core.routing.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The routing's rows: one per listener ({@code listener}), one per listener whose traffic is shifted
 * ({@code listener_split}) and one per tag of a target group ({@code group_tag}).
 */
final class RoutingRows {

    private RoutingRows() {
    }

    static boolean isEmpty(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM listener")) {
            return rs.next() && rs.getInt(1) == 0;
        }
    }

    static Routing read(Connection db) throws SQLException {
        Map<String, String> listeners = new LinkedHashMap<>();
        Map<String, Split> splits = new LinkedHashMap<>();
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        try (Statement s = db.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name, target_group FROM listener ORDER BY name")) {
                while (rs.next()) {
                    listeners.put(rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT listener, target_group, percent FROM listener_split "
                    + "ORDER BY listener")) {
                while (rs.next()) {
                    splits.put(rs.getString(1), new Split(rs.getString(2), rs.getInt(3)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT target_group, key, value FROM group_tag "
                    + "ORDER BY target_group, key")) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getString(1), g -> new LinkedHashMap<>())
                            .put(rs.getString(2), rs.getString(3));
                }
            }
        }
        Map<String, Tags> groups = new HashMap<>();
        tags.forEach((group, values) -> groups.put(group, new Tags(values)));
        return new Routing(listeners, groups, splits);
    }

    /** Replaces the whole routing: a routing is one value, never merged with the one before. */
    static void write(Connection db, Routing routing) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM listener");
            s.executeUpdate("DELETE FROM listener_split");
            s.executeUpdate("DELETE FROM group_tag");
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO listener (name, target_group) VALUES (?, ?)")) {
            for (Map.Entry<String, String> listener : routing.listeners().entrySet()) {
                ps.setString(1, listener.getKey());
                ps.setString(2, listener.getValue());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO listener_split (listener, target_group, "
                + "percent) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Split> split : routing.splits().entrySet()) {
                ps.setString(1, split.getKey());
                ps.setString(2, split.getValue().group());
                ps.setInt(3, split.getValue().percent());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO group_tag (target_group, key, value) "
                + "VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Tags> group : routing.groups().entrySet()) {
                for (Map.Entry<String, String> tag : group.getValue().values().entrySet()) {
                    ps.setString(1, group.getKey());
                    ps.setString(2, tag.getKey());
                    ps.setString(3, tag.getValue());
                    ps.executeUpdate();
                }
            }
        }
    }
}

package dev.bluegreen.platform.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The services' rows ({@code service}), one per service. */
final class ServiceRows {

    private ServiceRows() {
    }

    /** By name. */
    static List<ServiceRecord> all(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT name, target_group, "
                + "desired_count, image FROM service ORDER BY name")) {
            List<ServiceRecord> services = new ArrayList<>();
            while (rs.next()) {
                services.add(new ServiceRecord(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
            }
            return services;
        }
    }

    static void write(Connection db, ServiceRecord service) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO service (name, target_group, "
                + "desired_count, image) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, service.name());
            ps.setString(2, service.targetGroup());
            ps.setInt(3, service.desiredCount());
            ps.setString(4, service.image());
            ps.executeUpdate();
        }
    }

    /**
     * A deployment's version and the count its tasks were started at (the idle count): what the service runs now,
     * whatever a scale of the version it replaced said meanwhile.
     */
    static void writeDeployed(Connection db, ServiceRecord service) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE service SET image = ?, desired_count = ? WHERE "
                + "name = ?")) {
            ps.setString(1, service.image());
            ps.setInt(2, service.desiredCount());
            ps.setString(3, service.name());
            ps.executeUpdate();
        }
    }
}

package dev.bluegreen.platform.state;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.pipeline.Execution;
import dev.bluegreen.core.routing.LastFlip;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.Tags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the platform must remember across a restart, in {@code platform.db}: the routing (listeners and
 * target-group tags), the last flip, the services, the pipeline's executions and the event log. Every change is one transaction, so a
 * {@code kill -9} at any moment leaves either the state before or the state after, never half a flip.
 */
public final class PlatformStore implements AutoCloseable {

    private static final int SCHEMA_VERSION = 3;

    private final Connection db;

    private PlatformStore(Connection db) {
        this.db = db;
    }

    public static PlatformStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA busy_timeout = 10000");
            }
            migrate(db);
            return new PlatformStore(db);
        } catch (SQLException | java.io.IOException e) {
            throw new StateException("cannot open the platform state " + file + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection db) throws SQLException {
        int version;
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > SCHEMA_VERSION) {
            throw new SQLException("written by a newer bluegreen (schema " + version + ")");
        }
        if (version == SCHEMA_VERSION) {
            return;
        }
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            if (version < 1) {
                s.execute("CREATE TABLE listener (name TEXT PRIMARY KEY, target_group TEXT NOT NULL)");
                s.execute("CREATE TABLE group_tag (target_group TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT "
                        + "NULL, PRIMARY KEY (target_group, key))");
                s.execute("CREATE TABLE last_flip (id INTEGER PRIMARY KEY CHECK (id = 1), promoted TEXT NOT NULL, "
                        + "promoted_image TEXT, demoted TEXT NOT NULL, demoted_image TEXT)");
                s.execute("CREATE TABLE service (name TEXT PRIMARY KEY, target_group TEXT, desired_count INTEGER "
                        + "NOT NULL, image TEXT)");
                s.execute("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, actor TEXT "
                        + "NOT NULL, type TEXT NOT NULL, message TEXT NOT NULL)");
            }
            if (version < 2) {
                Executions.createTables(s);
            }
            if (version < 3) {
                // which request asked for the last flip: the same request delivered again must not flip back
                s.execute("ALTER TABLE last_flip ADD COLUMN request_id TEXT");
            }
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** True until the platform's first start has written a routing. */
    public synchronized boolean isEmpty() {
        return query("SELECT COUNT(*) FROM listener", rs -> rs.next() && rs.getInt(1) == 0);
    }

    public synchronized Routing routing() {
        Map<String, String> listeners = new LinkedHashMap<>();
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        query("SELECT name, target_group FROM listener ORDER BY name", rs -> {
            while (rs.next()) {
                listeners.put(rs.getString(1), rs.getString(2));
            }
            return null;
        });
        query("SELECT target_group, key, value FROM group_tag ORDER BY target_group, key", rs -> {
            while (rs.next()) {
                tags.computeIfAbsent(rs.getString(1), g -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
            }
            return null;
        });
        Map<String, Tags> groups = new HashMap<>();
        tags.forEach((group, values) -> groups.put(group, new Tags(values)));
        return new Routing(listeners, groups);
    }

    public synchronized Optional<LastFlip> lastFlip() {
        return query("SELECT promoted, promoted_image, demoted, demoted_image, request_id FROM last_flip WHERE id = 1",
                rs -> rs.next() ? Optional.of(new LastFlip(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5))) : Optional.<LastFlip>empty());
    }

    /** Writes a routing and its event together (the platform's first start, a deployment's new image tag). */
    public synchronized void saveRouting(Routing routing, Event event) {
        transaction(() -> {
            writeRouting(routing);
            insert(event);
        });
    }

    /** A flip or a rollback: the new routing, what it undoes next time, and its event, all or nothing. */
    public synchronized void saveFlip(Routing routing, LastFlip lastFlip, Event event) {
        transaction(() -> {
            writeRouting(routing);
            try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO last_flip (id, promoted, "
                    + "promoted_image, demoted, demoted_image, request_id) VALUES (1, ?, ?, ?, ?, ?)")) {
                ps.setString(1, lastFlip.promoted());
                ps.setString(2, lastFlip.promotedImage());
                ps.setString(3, lastFlip.demoted());
                ps.setString(4, lastFlip.demotedImage());
                ps.setString(5, lastFlip.requestId());
                ps.executeUpdate();
            }
            insert(event);
        });
    }

    public synchronized List<ServiceRecord> services() {
        return query("SELECT name, target_group, desired_count, image FROM service ORDER BY name", rs -> {
            List<ServiceRecord> services = new ArrayList<>();
            while (rs.next()) {
                services.add(new ServiceRecord(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
            }
            return services;
        });
    }

    public synchronized Optional<ServiceRecord> service(String name) {
        return services().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A service's new desired count or version, with its event. */
    public synchronized void saveService(ServiceRecord service, Event event) {
        transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO service (name, target_group, "
                    + "desired_count, image) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, service.name());
                ps.setString(2, service.targetGroup());
                ps.setInt(3, service.desiredCount());
                ps.setString(4, service.image());
                ps.executeUpdate();
            }
            if (event != null) {
                insert(event);
            }
        });
    }

    /** A deployment: the side's new Image tag and its service's new version, with the event, all or nothing. */
    public synchronized void saveDeployment(Routing routing, ServiceRecord service, Event event) {
        transaction(() -> {
            writeRouting(routing);
            try (PreparedStatement ps = db.prepareStatement("UPDATE service SET image = ? WHERE name = ?")) {
                ps.setString(1, service.image());
                ps.setString(2, service.name());
                ps.executeUpdate();
            }
            insert(event);
        });
    }

    public synchronized Event append(Event event) {
        long[] id = {0};
        transaction(() -> id[0] = insert(event));
        return event.withId(id[0]);
    }

    /** The newest events first. */
    public synchronized List<Event> events(int limit) {
        return query("SELECT id, time, actor, type, message FROM event ORDER BY id DESC LIMIT " + Math.max(0, limit),
                rs -> {
                    List<Event> events = new ArrayList<>();
                    while (rs.next()) {
                        events.add(new Event(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3),
                                EventType.ofCode(rs.getString(4)), rs.getString(5)));
                    }
                    return events;
                });
    }

    /** The pipeline's executions, newest first. */
    public synchronized List<Execution> executions(int limit) {
        return query(Executions.SELECT + " ORDER BY id DESC LIMIT " + Math.max(0, limit), Executions::readAll);
    }

    public synchronized Optional<Execution> execution(long id) {
        return query(Executions.SELECT + " WHERE id = " + id, rs -> Executions.readAll(rs).stream().findFirst());
    }

    /** Executions not yet final (running or awaiting approval), oldest first. */
    public synchronized List<Execution> activeExecutions() {
        return query(Executions.SELECT + " WHERE final = 0 ORDER BY id", Executions::readAll);
    }

    /** The id the next execution gets. */
    public synchronized long nextExecutionId() {
        return query("SELECT COALESCE(MAX(id), 0) + 1 FROM execution", rs -> rs.next() ? rs.getLong(1) : 1L);
    }

    /** An execution as it now is, with the events that say what happened, in one transaction. */
    public synchronized void saveExecution(Execution execution, Event... events) {
        transaction(() -> {
            Executions.write(db, execution);
            for (Event event : events) {
                insert(event);
            }
        });
    }

    /** A small remembered value of the pipeline (the last commit seen, say). */
    public synchronized Optional<String> setting(String key) {
        try (PreparedStatement ps = db.prepareStatement("SELECT value FROM setting WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StateException("reading the platform state failed: " + e.getMessage(), e);
        }
    }

    public synchronized void saveSetting(String key, String value) {
        transaction(() -> {
            try (PreparedStatement ps = db.prepareStatement("INSERT OR REPLACE INTO setting (key, value) VALUES "
                    + "(?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, value);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing: the data is already committed
        }
    }

    private void writeRouting(Routing routing) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM listener");
            s.executeUpdate("DELETE FROM group_tag");
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO listener (name, target_group) VALUES (?, ?)")) {
            for (Map.Entry<String, String> listener : routing.listeners().entrySet()) {
                ps.setString(1, listener.getKey());
                ps.setString(2, listener.getValue());
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

    private long insert(Event event) throws SQLException {
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

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    @FunctionalInterface
    private interface SqlRead<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private void transaction(SqlWork work) {
        try {
            db.setAutoCommit(false);
            try {
                work.run();
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StateException("writing the platform state failed: " + e.getMessage(), e);
        }
    }

    private <T> T query(String sql, SqlRead<T> read) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return read.read(rs);
        } catch (SQLException e) {
            throw new StateException("reading the platform state failed: " + e.getMessage(), e);
        }
    }
}

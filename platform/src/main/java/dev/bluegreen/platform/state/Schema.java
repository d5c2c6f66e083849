package dev.bluegreen.platform.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of {@code platform.db} and how a file written by an older bluegreen reaches today's schema. The
 * version is SQLite's {@code user_version}; a step is never edited once released, only a new one added, because
 * files that already went through it exist.
 */
final class Schema {

    static final int VERSION = 4;

    private Schema() {
    }

    /**
     * Brings the file to {@link #VERSION}, all steps in one transaction: a kill in the middle leaves the old
     * version, migrated again at the next start.
     *
     * @throws SQLException for a file written by a newer bluegreen: this one would misread it
     */
    static void migrate(Connection db) throws SQLException {
        int version = version(db);
        if (version > VERSION) {
            throw new SQLException("written by a newer bluegreen (schema " + version + ")");
        }
        if (version == VERSION) {
            return;
        }
        Database.atomically(db, tx -> {
            try (Statement s = tx.createStatement()) {
                if (version < 1) {
                    routingServicesAndEvents(s);
                }
                if (version < 2) {
                    pipeline(s);
                }
                if (version < 3) {
                    // which request asked for the last flip: the same request delivered again must not flip back
                    s.execute("ALTER TABLE last_flip ADD COLUMN request_id TEXT");
                }
                if (version < 4) {
                    // traffic shifting: a listener's share for a second target group, as durable as its listeners
                    s.execute("CREATE TABLE listener_split (listener TEXT PRIMARY KEY, target_group TEXT NOT NULL, "
                            + "percent INTEGER NOT NULL CHECK (percent BETWEEN 1 AND 99))");
                }
                s.execute("PRAGMA user_version = " + VERSION);
            }
        });
    }

    static int version(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void routingServicesAndEvents(Statement s) throws SQLException {
        s.execute("CREATE TABLE listener (name TEXT PRIMARY KEY, target_group TEXT NOT NULL)");
        s.execute("CREATE TABLE group_tag (target_group TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT "
                + "NULL, PRIMARY KEY (target_group, key))");
        // one row at most: only the last flip can be rolled back
        s.execute("CREATE TABLE last_flip (id INTEGER PRIMARY KEY CHECK (id = 1), promoted TEXT NOT NULL, "
                + "promoted_image TEXT, demoted TEXT NOT NULL, demoted_image TEXT)");
        s.execute("CREATE TABLE service (name TEXT PRIMARY KEY, target_group TEXT, desired_count INTEGER "
                + "NOT NULL, image TEXT)");
        // AUTOINCREMENT: ids only ever grow, so the log's order is the order of its ids
        s.execute("CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, actor TEXT "
                + "NOT NULL, type TEXT NOT NULL, message TEXT NOT NULL)");
    }

    private static void pipeline(Statement s) throws SQLException {
        s.execute("CREATE TABLE execution (id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE, status TEXT NOT NULL, "
                + "final INTEGER NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL)");
        s.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    }
}

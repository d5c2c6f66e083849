package dev.bluegreen.movies.sqlite;

import dev.bluegreen.movies.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** The tables of the SQLite store, versioned with {@code PRAGMA user_version}. */
final class SqliteSchema {

    static final int VERSION = 1;

    private SqliteSchema() {
    }

    static void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version = userVersion(s);
            if (version > VERSION) {
                throw new SQLException("the database was written by a newer bluegreen (schema " + version + ")");
            }
            if (version == VERSION) {
                return;
            }
            c.setAutoCommit(false);
            // info holds the sample's info object as JSON, exactly as written by the loader
            s.executeUpdate("CREATE TABLE movies (year INTEGER NOT NULL, title TEXT NOT NULL, info TEXT NOT NULL, "
                    + "PRIMARY KEY (year, title))");
            // the title-index of the DynamoDB table
            s.executeUpdate("CREATE INDEX movies_by_title ON movies (title, year)");
            s.executeUpdate("CREATE VIRTUAL TABLE movies_search USING fts5(title, people, genres, "
                    + "tokenize = 'unicode61 remove_diacritics 2')");
            s.executeUpdate("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            s.executeUpdate("INSERT INTO meta (key, value) VALUES ('generation', 0)");
            s.executeUpdate("PRAGMA user_version = " + VERSION);
            c.commit();
            c.setAutoCommit(true);
        }
    }

    static void check(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            int version = userVersion(s);
            if (version != VERSION) {
                throw new StoreUnavailableException(file + " is not a movies database of this version (schema "
                        + version + ", expected " + VERSION + "); load it again with: bluegreen load --db " + file,
                        null);
            }
        }
    }

    private static int userVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * An FTS5 expression in which every word is a quoted prefix term, so that user text is never read as FTS
     * syntax (operators, column filters, NEAR).
     */
    static String matchExpression(List<String> words) {
        return words.stream().map(w -> "\"" + w.replace("\"", "\"\"") + "\"*").collect(Collectors.joining(" "));
    }
}

package dev.bluegreen.platform.state;

import dev.bluegreen.platform.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one connection to {@code platform.db} and the two ways to use it: a read, or a write that commits whole or
 * not at all. Not thread-safe: {@link PlatformStore} serialises its callers.
 */
final class Database implements AutoCloseable {

    /** Writes with the connection: a transaction, or the schema before the file is used. */
    @FunctionalInterface
    interface Work {
        void run(Connection db) throws SQLException;
    }

    @FunctionalInterface
    interface Read<T> {
        T read(Connection db) throws SQLException;
    }

    private final Connection db;

    private Database(Connection db) {
        this.db = db;
    }

    /** Opens (or creates) the file and runs {@code prepare} on it (the schema) before anyone else uses it. */
    static Database open(Path file, Work prepare) throws SQLException, IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // SQLite gives its -wal and -shm files the database file's mode: 0600 here makes all three private
        PrivateFiles.file(file);
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            setPragmas(db);
            prepare.run(db);
            return new Database(db);
        } catch (SQLException | RuntimeException e) {
            try {
                db.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void setPragmas(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            // WAL: readers and the writer do not block each other; FULL: a commit is synced before it returns,
            // so it survives a power cut as well as a kill -9; the timeout: a second process holding the write
            // lock makes this one wait for it instead of failing at once
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA busy_timeout = 10000");
        }
    }

    /** Runs {@code work} as one transaction; a failure rolls it all back and is reported as a failed write. */
    void transaction(Work work) {
        try {
            atomically(db, work);
        } catch (SQLException e) {
            throw new StateException("writing the platform state failed: " + e.getMessage(), e);
        }
    }

    /** As {@link #transaction}, for the schema's migration, whose failure means the file cannot be opened. */
    static void atomically(Connection db, Work work) throws SQLException {
        db.setAutoCommit(false);
        try {
            work.run(db);
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    <T> T query(Read<T> read) {
        try {
            return read.read(db);
        } catch (SQLException e) {
            throw new StateException("reading the platform state failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing: the data is already committed
        }
    }
}

package dev.bluegreen.movies.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieJson;
import dev.bluegreen.movies.MovieKey;
import dev.bluegreen.movies.MovieQuery;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.StoreUnavailableException;
import dev.bluegreen.movies.UpsertResult;
import dev.bluegreen.movies.YearCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode, so that several API processes read while a loader writes.
 * Reads go through a small pool; writes through one connection, one transaction per batch. Free-text search
 * uses an FTS5 index kept in step with the table inside the same transactions.
 */
public final class SqliteMovieStore implements MovieStore {

    private static final int READ_POOL_SIZE = 4;
    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final String COLUMNS = "m.year, m.title, m.info";

    private final Path file;
    private final HikariDataSource readers;
    private Connection writer;

    private SqliteMovieStore(Path file, HikariDataSource readers) {
        this.file = file;
        this.readers = readers;
    }

    /** Opens the database, creating the file and its schema when absent (what a loader wants). */
    public static SqliteMovieStore openOrCreate(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Connection c = dataSource(file).getConnection()) {
                SqliteSchema.apply(c);
            }
        } catch (SQLException | java.io.IOException e) {
            throw new StoreUnavailableException("cannot create the movies database " + file + ": " + e.getMessage(),
                    e);
        }
        return open(file);
    }

    /** Opens an existing database (what a reader wants: a typo in the path must not create an empty one). */
    public static SqliteMovieStore open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreUnavailableException("no movies database at " + file
                    + " (create one with: bluegreen load --db " + file + ")", null);
        }
        try (Connection c = dataSource(file).getConnection()) {
            SqliteSchema.check(c, file);
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open the movies database " + file + ": " + e.getMessage(), e);
        }
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(dataSource(file));
        // readers must never write, whatever a bug above them asks
        pool.setConnectionInitSql("PRAGMA query_only = true");
        pool.setPoolName("movies-read");
        pool.setMaximumPoolSize(READ_POOL_SIZE);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(BUSY_TIMEOUT_MS);
        return new SqliteMovieStore(file, new HikariDataSource(pool));
    }

    private static SQLiteDataSource dataSource(Path file) {
        NativeLibrary.prepare();
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return ds;
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<Movie> get(int year, String title) {
        List<Movie> found = query("SELECT " + COLUMNS + " FROM movies m WHERE m.year = ? AND m.title = ?",
                year, title);
        return found.stream().findFirst();
    }

    @Override
    public List<Movie> byYear(int year) {
        return query("SELECT " + COLUMNS + " FROM movies m WHERE m.year = ? ORDER BY m.title", year);
    }

    @Override
    public List<Movie> byTitle(String title) {
        return query("SELECT " + COLUMNS + " FROM movies m WHERE m.title = ? ORDER BY m.year", title);
    }

    @Override
    public List<Movie> find(MovieQuery q, MovieKey after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM movies m WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.year() != null) {
            sql.append(" AND m.year = ?");
            params.add(q.year());
        }
        if (q.title() != null) {
            sql.append(" AND m.title = ?");
            params.add(q.title());
        }
        if (q.text() != null) {
            sql.append(" AND m.rowid IN (SELECT rowid FROM movies_search WHERE movies_search MATCH ?)");
            params.add(SqliteSchema.matchExpression(q.words()));
        }
        boolean byYear = q.order() == MovieQuery.Order.YEAR_TITLE;
        if (after != null) {
            sql.append(byYear ? " AND (m.year, m.title) > (?, ?)" : " AND (m.title, m.year) > (?, ?)");
            params.add(byYear ? after.year() : after.title());
            params.add(byYear ? after.title() : after.year());
        }
        sql.append(byYear ? " ORDER BY m.year, m.title" : " ORDER BY m.title, m.year");
        sql.append(" LIMIT ?");
        params.add(limit);
        return query(sql.toString(), params.toArray());
    }

    @Override
    public List<YearCount> years() {
        return read("SELECT year, COUNT(*) FROM movies GROUP BY year ORDER BY year", ps -> {
            List<YearCount> years = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    years.add(new YearCount(rs.getInt(1), rs.getLong(2)));
                }
            }
            return years;
        });
    }

    @Override
    public long count() {
        return read("SELECT COUNT(*) FROM movies", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void checkReachable() {
        read("SELECT 1 FROM movies LIMIT 1", PreparedStatement::executeQuery);
    }

    /** Increases whenever a batch changes data, whichever process wrote it. */
    @Override
    public long version() {
        return read("SELECT value FROM meta WHERE key = 'generation'", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public synchronized UpsertResult upsert(List<Movie> batch) {
        if (batch.isEmpty()) {
            return UpsertResult.NONE;
        }
        try {
            Connection c = writer();
            try {
                UpsertResult result = new SqliteBatchWriter(c).write(batch);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("writing to " + file + " failed: " + e.getMessage(), e);
        }
    }

    private Connection writer() throws SQLException {
        if (writer == null) {
            writer = dataSource(file).getConnection();
            writer.setAutoCommit(false);
        }
        return writer;
    }

    @Override
    public String describe() {
        return "sqlite:" + file.toAbsolutePath();
    }

    @Override
    public synchronized void close() {
        readers.close();
        if (writer != null) {
            try {
                writer.close();
            } catch (SQLException ignored) {
                // closing: nothing left to protect
            }
            writer = null;
        }
    }

    private List<Movie> query(String sql, Object... params) {
        return read(sql, ps -> {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Movie> movies = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    movies.add(new Movie(rs.getInt(1), rs.getString(2), MovieJson.infoFromJson(rs.getString(3))));
                }
            }
            return movies;
        });
    }

    private <T> T read(String sql, SqlFunction<PreparedStatement, T> work) {
        try (Connection c = readers.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            return work.apply(ps);
        } catch (SQLException e) {
            throw new StoreUnavailableException("reading " + file + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlFunction<A, R> {
        R apply(A a) throws SQLException;
    }
}

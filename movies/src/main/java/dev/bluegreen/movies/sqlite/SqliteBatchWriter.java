package dev.bluegreen.movies.sqlite;

import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieInfo;
import dev.bluegreen.movies.MovieJson;
import dev.bluegreen.movies.UpsertResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Writes one batch inside the caller's transaction, keeping the search index in step with the table. */
final class SqliteBatchWriter {

    private final Connection c;

    SqliteBatchWriter(Connection c) {
        this.c = c;
    }

    UpsertResult write(List<Movie> batch) throws SQLException {
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        try (PreparedStatement find = c.prepareStatement("SELECT rowid, info FROM movies WHERE year = ? AND title = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO movies (year, title, info) VALUES (?, ?, ?)");
             PreparedStatement update = c.prepareStatement("UPDATE movies SET info = ? WHERE rowid = ?");
             PreparedStatement unindex = c.prepareStatement("DELETE FROM movies_search WHERE rowid = ?");
             PreparedStatement index = c.prepareStatement(
                     "INSERT INTO movies_search (rowid, title, people, genres) VALUES (?, ?, ?, ?)")) {
            for (Movie movie : batch) {
                String info = MovieJson.infoToJson(movie.info());
                find.setInt(1, movie.year());
                find.setString(2, movie.title());
                try (ResultSet existing = find.executeQuery()) {
                    if (!existing.next()) {
                        insert.setInt(1, movie.year());
                        insert.setString(2, movie.title());
                        insert.setString(3, info);
                        insert.executeUpdate();
                        index(index, lastRowId(), movie);
                        inserted++;
                    } else if (MovieJson.infoFromJson(existing.getString(2)).equals(movie.info())) {
                        unchanged++;
                    } else {
                        long rowid = existing.getLong(1);
                        update.setString(1, info);
                        update.setLong(2, rowid);
                        update.executeUpdate();
                        unindex.setLong(1, rowid);
                        unindex.executeUpdate();
                        index(index, rowid, movie);
                        updated++;
                    }
                }
            }
        }
        if (inserted + updated > 0) {
            try (PreparedStatement bump = c.prepareStatement(
                    "UPDATE meta SET value = value + 1 WHERE key = 'generation'")) {
                bump.executeUpdate();
            }
        }
        return new UpsertResult(inserted, updated, unchanged);
    }

    private long lastRowId() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void index(PreparedStatement index, long rowid, Movie movie) throws SQLException {
        MovieInfo info = movie.info();
        index.setLong(1, rowid);
        index.setString(2, movie.title());
        index.setString(3, join(info.actors()) + " " + join(info.directors()));
        index.setString(4, join(info.genres()));
        index.executeUpdate();
    }

    private static String join(List<String> values) {
        return values == null ? "" : String.join(" ", values);
    }
}

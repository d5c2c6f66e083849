package dev.bluegreen.movies;

import java.util.List;
import java.util.Optional;

/**
 * The port every tier above the database uses. Adapters: SQLite (embedded, the default) and DynamoDB.
 *
 * <p>Every list has a total order (see {@link MovieQuery#order()}), so that {@link #find} can page by the last key
 * seen. Adapters throw {@link StoreUnavailableException} when the database cannot be reached.
 */
public interface MovieStore extends AutoCloseable {

    Optional<Movie> get(int year, String title);

    /** All movies of a year, ordered by title (like the DynamoDB table's range key). */
    List<Movie> byYear(int year);

    /** All movies with exactly this title (like the {@code title-index} GSI), ordered by year. */
    List<Movie> byTitle(String title);

    /**
     * Up to {@code limit} movies matching every filter of the query, in the query's order, strictly after
     * {@code after} (null: from the start).
     */
    List<Movie> find(MovieQuery query, MovieKey after, int limit);

    /** Each year that has movies, ascending, with its number of movies. */
    List<YearCount> years();

    /** Inserts new movies, updates changed ones, leaves identical ones untouched; says which was which. */
    UpsertResult upsert(List<Movie> batch);

    long count();

    /**
     * A number that changes whenever the stored movies change, so that readers may cache answers until it moves;
     * -1 when the store cannot tell cheaply (then nothing may be cached).
     */
    default long version() {
        return -1;
    }

    /** Throws {@link StoreUnavailableException} unless the store answers a trivial request. */
    void checkReachable();

    /** A short human description, e.g. {@code sqlite:/path/movies.db}; never contains credentials. */
    String describe();

    @Override
    void close();
}

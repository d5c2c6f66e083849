package dev.bluegreen.movies.dynamodb;

import static dev.bluegreen.movies.dynamodb.MovieItems.ACTORS;
import static dev.bluegreen.movies.dynamodb.MovieItems.DIRECTORS;
import static dev.bluegreen.movies.dynamodb.MovieItems.GENRES;
import static dev.bluegreen.movies.dynamodb.MovieItems.INFO;
import static dev.bluegreen.movies.dynamodb.MovieItems.TITLE;
import static dev.bluegreen.movies.dynamodb.MovieItems.YEAR;

import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieKey;
import dev.bluegreen.movies.MovieQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@link dev.bluegreen.movies.MovieStore#find} on DynamoDB: each filter picks the cheapest access path, and every
 * path returns the query's total order, strictly after the cursor, at most {@code limit}.
 *
 * <ul>
 *   <li>a title: the {@code title-index} (a title has a handful of years), filtered and sorted here;</li>
 *   <li>a year: a Query of that partition, which DynamoDB returns in title order, starting at the cursor;</li>
 *   <li>text alone: DynamoDB has no case- and accent-insensitive word search, so this costs a Scan of the whole
 *       table (projected to the searchable attributes), matched with {@link MovieQuery#matches}, then the page's
 *       movies fetched whole;</li>
 *   <li>nothing: the years ascending, each partition queried from the cursor until the page is full.</li>
 * </ul>
 */
final class MovieFinder {

    private static final List<String> SEARCHABLE = List.of(YEAR, TITLE, INFO + "." + ACTORS,
            INFO + "." + DIRECTORS, INFO + "." + GENRES);

    private final DynamoReads reads;
    private final DynamoBatches batches;
    /** The years that have movies, ascending; may be a few seconds stale (see the store). */
    private final Supplier<List<Integer>> years;

    MovieFinder(DynamoReads reads, DynamoBatches batches, Supplier<List<Integer>> years) {
        this.reads = reads;
        this.batches = batches;
        this.years = years;
    }

    List<Movie> find(MovieQuery query, MovieKey after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        if (query.title() != null) {
            List<Movie> candidates = query.year() != null
                    ? reads.get(query.year(), query.title()).stream().toList()
                    : reads.byTitle(query.title());
            return page(candidates.stream().filter(query::matches), query.order(), after, limit);
        }
        if (query.year() != null) {
            return inYear(query, after, limit);
        }
        if (query.text() != null) {
            return search(query, after, limit);
        }
        return browse(after, limit);
    }

    /**
     * Within one year the order (title, year) is just title order. A cursor in an earlier year lets this year's
     * movie with the cursor's own title through (it sorts after it), a cursor in this year or later does not.
     */
    private List<Movie> inYear(MovieQuery query, MovieKey after, int limit) {
        int year = query.year();
        String bound = after == null ? null : after.title();
        boolean inclusive = after != null && after.year() < year;
        return reads.yearFrom(year, bound, inclusive, query.text() == null ? null : query::matches, limit);
    }

    private List<Movie> search(MovieQuery query, MovieKey after, int limit) {
        Comparator<MovieKey> order = query.order().keys();
        List<MovieKey> keys = reads.scan("searching the movies", SEARCHABLE).stream()
                .map(MovieItems::fromItem)
                .filter(query::matches)
                .map(Movie::key)
                .filter(k -> after == null || order.compare(k, after) > 0)
                .sorted(order)
                .limit(limit)
                .toList();
        Map<MovieKey, Movie> whole = batches.getAll(keys, false);
        // a movie deleted or changed between the scan and the fetch is left out rather than shown wrong
        return keys.stream().map(whole::get).filter(m -> m != null && query.matches(m)).toList();
    }

    private List<Movie> browse(MovieKey after, int limit) {
        IntPredicate fromCursor = after == null ? y -> true : y -> y >= after.year();
        List<Movie> found = new ArrayList<>();
        for (int year : years.get()) {
            if (!fromCursor.test(year)) {
                continue;
            }
            String bound = after != null && after.year() == year ? after.title() : null;
            found.addAll(reads.yearFrom(year, bound, false, null, limit - found.size()));
            if (found.size() == limit) {
                break;
            }
        }
        return found;
    }

    private static List<Movie> page(Stream<Movie> movies, MovieQuery.Order order, MovieKey after, int limit) {
        return movies.filter(m -> after == null || order.keys().compare(m.key(), after) > 0)
                .sorted(order.movies())
                .limit(limit)
                .toList();
    }
}

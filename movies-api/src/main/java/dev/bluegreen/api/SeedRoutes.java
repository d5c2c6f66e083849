package dev.bluegreen.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieQuery;
import dev.bluegreen.movies.MovieStore;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * {@code /Query?year=N} and {@code /Query-name?title=T} in the seed's shape (DynamoDB's own response:
 * {@code Items}, {@code Count}, {@code ScannedCount}), without its bugs: errors are JSON, and a title's "+" is
 * found whether or not the client encoded it.
 */
final class SeedRoutes {

    record SeedResult(@JsonProperty("Items") List<Movie> items, @JsonProperty("Count") int count,
                      @JsonProperty("ScannedCount") int scannedCount) {
        SeedResult(List<Movie> items) {
            this(items, items.size(), items.size());
        }
    }

    private final MovieStore store;

    SeedRoutes(MovieStore store) {
        this.store = store;
    }

    Object byYear(Context ctx) {
        QueryParams params = QueryParams.of(ctx, Set.of("year"));
        int year = QueryParams.year("year", params.required("year", "a whole number such as 2013"));
        return new SeedResult(store.byYear(year));
    }

    Object byTitle(Context ctx) {
        QueryParams params = QueryParams.of(ctx, Set.of("title"));
        String title = params.required("title", "an exact title such as Rush");
        MovieQuery.checkTitle(title);
        List<Movie> movies = store.byTitle(title);
        String literal = params.withLiteralPlus("title");
        if (movies.isEmpty() && literal != null) {
            movies = store.byTitle(literal);
        }
        return new SeedResult(movies);
    }
}

package dev.bluegreen.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieKey;
import dev.bluegreen.movies.MovieQuery;
import dev.bluegreen.movies.MovieStore;
import dev.bluegreen.movies.YearCount;
import dev.bluegreen.service.HttpProblem;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/** Our REST API: listings with filters and cursor paging, one movie by its key, and the years. */
final class MovieRoutes {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Set<String> LIST_PARAMS = Set.of("year", "title", "q", "limit", "cursor");

    record Page(List<Movie> items, int count, @JsonProperty("next_cursor") String nextCursor) {
    }

    record Years(List<YearCount> years) {
    }

    private final MovieStore store;

    MovieRoutes(MovieStore store) {
        this.store = store;
    }

    Object list(Context ctx) {
        QueryParams params = QueryParams.of(ctx, LIST_PARAMS);
        MovieQuery query = new MovieQuery(params.optionalYear("year"), blankToNull(params.optional("title")),
                blankToNull(params.optional("q")));
        int limit = params.limit(DEFAULT_LIMIT, MAX_LIMIT);
        MovieKey after = PageCursor.decode(blankToNull(params.optional("cursor")), query);
        // one more than asked tells whether another page exists without a second query
        List<Movie> found = store.find(query, after, limit + 1);
        List<Movie> page = found.size() > limit ? found.subList(0, limit) : found;
        String next = found.size() > limit ? PageCursor.encode(query, page.get(limit - 1).key()) : null;
        return new Page(page, page.size(), next);
    }

    Object one(Context ctx) {
        int year = QueryParams.year("year", ctx.pathParam("year"));
        String title = ctx.pathParam("title");
        MovieQuery.checkTitle(title);
        Movie movie = store.get(year, title).orElseThrow(() -> HttpProblem.notFound(
                "no movie titled \"" + QueryParams.shorten(title) + "\" in " + year));
        return movie;
    }

    Object years(Context ctx) {
        QueryParams.of(ctx, Set.of());
        return new Years(store.years());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

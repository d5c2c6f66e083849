package dev.bluegreen.web.pages;

import dev.bluegreen.web.api.ApiClient;
import dev.bluegreen.web.api.ApiMovie;
import dev.bluegreen.web.api.Listing;
import dev.bluegreen.web.api.MoviePage;
import dev.bluegreen.web.api.Urls;
import dev.bluegreen.web.site.Site;
import io.javalin.http.Context;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The pages people see: home, the four kinds of results, one movie. Each parses, asks the API, renders. */
public final class PageRoutes {

    private final Site site;
    private final ApiClient api;
    private final Views.Common common;
    private final DateTimeFormatter dates;

    public PageRoutes(Site site, Banner banner, ApiClient api) {
        this.site = site;
        this.api = api;
        this.common = new Views.Common(site.properties(), banner);
        this.dates = site.properties().dateFormatter();
    }

    public void home(Context ctx) {
        render(ctx, "home", new Views.Home("Home", Views.FormValues.EMPTY));
    }

    public void year(Context ctx) {
        int year = PageInput.year(ctx);
        results(ctx, Listing.ofYear(year), "/year?year=" + year, "Movies from " + year,
                "No movies from " + year + " in the database.",
                new Views.FormValues(Integer.toString(year), null, null));
    }

    public void title(Context ctx) {
        String title = PageInput.title(ctx);
        results(ctx, Listing.ofTitle(title), "/title?title=" + Urls.queryValue(title),
                "Movies titled \u201c" + title + "\u201d", "No movie is titled exactly \u201c" + title
                        + "\u201d. Titles must match exactly; the free-text search finds parts of titles.",
                new Views.FormValues(null, title, null));
    }

    public void search(Context ctx) {
        String text = PageInput.text(ctx);
        results(ctx, Listing.ofText(text), "/search?q=" + Urls.queryValue(text),
                "Movies matching \u201c" + text + "\u201d", "Nothing matches \u201c" + text + "\u201d.",
                new Views.FormValues(null, null, text));
    }

    public void browse(Context ctx) {
        results(ctx, Listing.ALL, "/browse", "All movies", "The database has no movies yet.",
                Views.FormValues.EMPTY);
    }

    public void movie(Context ctx) {
        int year = PageInput.year(ctx);
        String title = PageInput.title(ctx);
        ApiMovie movie = api.movie(year, title);
        render(ctx, "movie", new Views.MovieDetail(movie.title() + " (" + movie.year() + ")",
                MovieView.of(movie, dates), Views.FormValues.EMPTY));
    }

    private void results(Context ctx, Listing listing, String baseUrl, String heading, String emptyMessage,
                         Views.FormValues form) {
        String cursor = PageInput.cursor(ctx);
        int page = cursor == null ? 1 : PageInput.page(ctx);
        MoviePage found = api.movies(listing, cursor, site.properties().pageSize());
        List<MovieView> movies = found.items().stream().map(movie -> MovieView.of(movie, dates)).toList();
        String separator = baseUrl.contains("?") ? "&" : "?";
        String next = found.nextCursor() == null ? null
                : baseUrl + separator + "cursor=" + Urls.queryValue(found.nextCursor()) + "&page=" + (page + 1);
        Views.Paging paging = cursor == null && next == null ? null
                : new Views.Paging(page, cursor == null ? null : baseUrl, next);
        String empty = cursor == null ? emptyMessage : "No more movies: this was the last page.";
        render(ctx, "results", new Views.Results(heading, heading, form, movies, empty, paging));
    }

    private void render(Context ctx, String page, Object model) {
        String html = site.render(page, List.of(common, model));
        // pages name the instance that served them: a cached copy would name the wrong one after a swap
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(html);
    }
}

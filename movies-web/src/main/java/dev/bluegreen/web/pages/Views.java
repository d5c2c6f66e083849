package dev.bluegreen.web.pages;

import dev.bluegreen.web.site.SiteProperties;
import java.util.List;

/** What the templates see. Records, so that every name a template can use is listed here. */
final class Views {

    private Views() {
    }

    /** In every page's scope: {{site.heading}}, {{site.text.intro}}, {{banner.instance}}... */
    record Common(SiteProperties site, Banner banner) {
    }

    /** The values the search forms show, as the visitor typed them (null: empty). */
    record FormValues(String year, String title, String q) {
        static final FormValues EMPTY = new FormValues(null, null, null);
    }

    record Home(String pageTitle, FormValues form) {
    }

    /**
     * @param firstUrl null on the first page
     * @param nextUrl  null on the last page
     */
    record Paging(int page, String firstUrl, String nextUrl) {
    }

    /** {@code paging} is null when everything fits on one page. */
    record Results(String pageTitle, String heading, FormValues form, List<MovieView> movies, String emptyMessage,
                   Paging paging) {

        boolean hasMovies() {
            return !movies.isEmpty();
        }

        String summary() {
            int n = movies.size();
            String count = n == 1 ? "1 movie" : n + " movies";
            return paging == null ? count : "Page " + paging.page() + ": " + count;
        }
    }

    record MovieDetail(String pageTitle, MovieView movie, FormValues form) {
    }

    record ErrorPage(String pageTitle, String heading, String message, int status, String error, boolean showForms,
                 FormValues form) {
    }
}

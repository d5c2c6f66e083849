package dev.bluegreen.web.api;

import java.util.StringJoiner;

/** The filters of {@code GET /movies}, each optional: exact year, exact title, free text. */
public record Listing(Integer year, String title, String text) {

    public static final Listing ALL = new Listing(null, null, null);

    public static Listing ofYear(int year) {
        return new Listing(year, null, null);
    }

    public static Listing ofTitle(String title) {
        return new Listing(null, title, null);
    }

    public static Listing ofText(String text) {
        return new Listing(null, null, text);
    }

    /** {@code /movies?...} for one page of this listing. */
    String path(String cursor, int limit) {
        StringJoiner query = new StringJoiner("&", "/movies?", "");
        if (year != null) {
            query.add("year=" + year);
        }
        if (title != null) {
            query.add("title=" + Urls.queryValue(title));
        }
        if (text != null) {
            query.add("q=" + Urls.queryValue(text));
        }
        query.add("limit=" + limit);
        if (cursor != null) {
            query.add("cursor=" + Urls.queryValue(cursor));
        }
        return query.toString();
    }
}

package dev.bluegreen.web.pages;

import dev.bluegreen.service.HttpProblem;
import io.javalin.http.Context;

/**
 * The visitor's input, checked enough to give a clear 400 page before asking the API. Range checks (a year between
 * 1000 and 9999, a title at most 1024 bytes) stay with the API, whose 400 message the page then shows.
 */
final class PageInput {

    /** The API refuses longer cursors; this only spares it obviously tampered ones. */
    static final int MAX_CURSOR_LENGTH = 2048;
    static final int MAX_PAGE = 1_000_000;

    private PageInput() {
    }

    static String raw(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? null : value.strip();
    }

    static int year(Context ctx) {
        String value = raw(ctx, "year");
        if (value == null || value.isEmpty()) {
            throw HttpProblem.badRequest("Enter a year to search for, for example 2013.");
        }
        if (!value.matches("[0-9]{1,9}")) {
            throw HttpProblem.badRequest("The year must be a whole number such as 2013; \"" + shorten(value)
                    + "\" is not one.");
        }
        return Integer.parseInt(value);
    }

    static String title(Context ctx) {
        String value = raw(ctx, "title");
        if (value == null || value.isEmpty()) {
            throw HttpProblem.badRequest("Enter a title to search for, for example Rush.");
        }
        return value;
    }

    static String text(Context ctx) {
        String value = raw(ctx, "q");
        if (value == null || value.isEmpty()) {
            throw HttpProblem.badRequest("Enter one or more words to search for, for example clooney.");
        }
        return value;
    }

    /** The API's cursor for the page after the previous one; null for the first page. */
    static String cursor(Context ctx) {
        String value = raw(ctx, "cursor");
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_CURSOR_LENGTH) {
            throw HttpProblem.badRequest("This page link is damaged (its cursor is too long); start the search "
                    + "again.");
        }
        return value;
    }

    /** The page number, only for display: the cursor says where the page starts. */
    static int page(Context ctx) {
        String value = raw(ctx, "page");
        if (value == null || value.isEmpty()) {
            return 1;
        }
        if (!value.matches("[0-9]{1,7}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_PAGE) {
            throw HttpProblem.badRequest("The page number must be a whole number from 1 to " + MAX_PAGE + ".");
        }
        return Integer.parseInt(value);
    }

    static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 57) + "..." : value;
    }
}

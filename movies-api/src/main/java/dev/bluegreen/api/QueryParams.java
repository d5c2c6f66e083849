package dev.bluegreen.api;

import dev.bluegreen.movies.InvalidQueryException;
import dev.bluegreen.movies.MovieQuery;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads query parameters strictly: unknown or repeated parameters and malformed values are errors that say what
 * was expected. Values are decoded from the raw query string so that a title's literal "+" can be recovered
 * (see {@link #withLiteralPlus}).
 */
final class QueryParams {

    private final String rawQuery;

    private QueryParams(String rawQuery) {
        this.rawQuery = rawQuery == null ? "" : rawQuery;
    }

    static QueryParams of(Context ctx, Set<String> allowed) {
        QueryParams params = new QueryParams(ctx.queryString());
        for (String name : params.names()) {
            if (!allowed.contains(name)) {
                throw new InvalidQueryException(name, "unknown parameter '" + name + "' (expected "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
        return params;
    }

    /** The decoded value, or null when absent. */
    String optional(String name) {
        List<String> values = raw(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidQueryException(name, name + " is given " + values.size() + " times; give it once");
        }
        return decode(values.get(0), false);
    }

    String required(String name, String expected) {
        String value = optional(name);
        if (value == null || value.isEmpty()) {
            throw new InvalidQueryException(name, name + " is required (" + expected + ")");
        }
        return value;
    }

    /**
     * The value with "+" taken literally instead of as a space. Clients that do not encode "+" (the seed's front
     * end sent {@code title=Romeo + Juliet} as typed) mean a plus sign; the caller tries this reading when the
     * standard one finds nothing.
     */
    String withLiteralPlus(String name) {
        List<String> values = raw(name);
        return values.size() == 1 && values.get(0).contains("+") ? decode(values.get(0), true) : null;
    }

    Integer optionalYear(String name) {
        String value = optional(name);
        return value == null ? null : year(name, value);
    }

    static int year(String name, String value) {
        try {
            int year = Integer.parseInt(value.trim());
            MovieQuery.checkYear(year);
            return year;
        } catch (NumberFormatException e) {
            throw new InvalidQueryException(name, name + " must be a whole number such as 2013, got \""
                    + shorten(value) + "\"");
        }
    }

    int limit(int defaultLimit, int maxLimit) {
        String value = optional("limit");
        if (value == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range value
        }
        throw new InvalidQueryException("limit", "limit must be a whole number from 1 to " + maxLimit + ", got \""
                + shorten(value) + "\"");
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), false);
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private List<String> raw(String name) {
        List<String> values = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (!pair.isEmpty() && decode(key, false).equals(name)) {
                values.add(eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return values;
    }

    private static String decode(String raw, boolean literalPlus) {
        try {
            return URLDecoder.decode(literalPlus ? raw.replace("+", "%2B") : raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("query", "the query string is not properly percent-encoded near \""
                    + shorten(raw) + "\"");
        }
    }

    static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 37) + "..." : value;
    }
}

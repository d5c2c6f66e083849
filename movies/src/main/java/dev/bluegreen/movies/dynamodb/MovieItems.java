package dev.bluegreen.movies.dynamodb;

import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieInfo;
import dev.bluegreen.movies.MovieKey;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Movie to and from a DynamoDB item in the seed's shape ({@code year} N, {@code title} S, {@code info} M with the
 * sample's field names), so that the seed's own code and any other client keep reading the table.
 */
final class MovieItems {

    static final String YEAR = "year";
    static final String TITLE = "title";
    static final String INFO = "info";

    static final String DIRECTORS = "directors";
    static final String RELEASE_DATE = "release_date";
    static final String RATING = "rating";
    static final String GENRES = "genres";
    static final String IMAGE_URL = "image_url";
    static final String PLOT = "plot";
    static final String RANK = "rank";
    static final String RUNNING_TIME_SECS = "running_time_secs";
    static final String ACTORS = "actors";

    private MovieItems() {
    }

    static Map<String, AttributeValue> key(int year, String title) {
        Map<String, AttributeValue> key = new HashMap<>(4);
        key.put(YEAR, number(year));
        key.put(TITLE, AttributeValue.fromS(title));
        return key;
    }

    static Map<String, AttributeValue> key(MovieKey key) {
        return key(key.year(), key.title());
    }

    static MovieKey keyOf(Map<String, AttributeValue> item) {
        return new MovieKey(Integer.parseInt(item.get(YEAR).n()), item.get(TITLE).s());
    }

    static AttributeValue number(int n) {
        return AttributeValue.fromN(Integer.toString(n));
    }

    /** The whole item: a PutRequest of it replaces the stored one, so a field that disappeared disappears. */
    static Map<String, AttributeValue> toItem(Movie movie) {
        Map<String, AttributeValue> item = key(movie.year(), movie.title());
        item.put(INFO, AttributeValue.fromM(toInfo(movie.info())));
        return item;
    }

    // missing fields are left out rather than written as NULL: that is how the seed's loader wrote them
    private static Map<String, AttributeValue> toInfo(MovieInfo info) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        putStrings(m, DIRECTORS, info.directors());
        putString(m, RELEASE_DATE, info.releaseDate());
        if (info.rating() != null) {
            // toPlainString keeps the scale: 7 stays "7", 8.3 stays "8.3", and no "1E+1" reaches DynamoDB
            m.put(RATING, AttributeValue.fromN(info.rating().toPlainString()));
        }
        putStrings(m, GENRES, info.genres());
        putString(m, IMAGE_URL, info.imageUrl());
        putString(m, PLOT, info.plot());
        if (info.rank() != null) {
            m.put(RANK, number(info.rank()));
        }
        if (info.runningTimeSecs() != null) {
            m.put(RUNNING_TIME_SECS, number(info.runningTimeSecs()));
        }
        putStrings(m, ACTORS, info.actors());
        return m;
    }

    static Movie fromItem(Map<String, AttributeValue> item) {
        MovieKey key = keyOf(item);
        AttributeValue info = item.get(INFO);
        return new Movie(key.year(), key.title(), info == null || !info.hasM() ? MovieInfo.EMPTY : fromInfo(info.m()));
    }

    // attributes other clients added to info are ignored; a NULL written by another client reads as missing
    private static MovieInfo fromInfo(Map<String, AttributeValue> m) {
        return new MovieInfo(strings(m.get(DIRECTORS)), string(m.get(RELEASE_DATE)), decimal(m.get(RATING)),
                strings(m.get(GENRES)), string(m.get(IMAGE_URL)), string(m.get(PLOT)), integer(m.get(RANK)),
                integer(m.get(RUNNING_TIME_SECS)), strings(m.get(ACTORS)));
    }

    private static void putString(Map<String, AttributeValue> m, String name, String value) {
        if (value != null) {
            m.put(name, AttributeValue.fromS(value));
        }
    }

    private static void putStrings(Map<String, AttributeValue> m, String name, List<String> values) {
        if (values != null) {
            m.put(name, AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList()));
        }
    }

    private static String string(AttributeValue v) {
        return v == null ? null : v.s();
    }

    private static BigDecimal decimal(AttributeValue v) {
        return v == null || v.n() == null ? null : new BigDecimal(v.n());
    }

    private static Integer integer(AttributeValue v) {
        // intValueExact: a rank another client wrote as "2.0" still reads, a fraction is an error, not a truncation
        return v == null || v.n() == null ? null : new BigDecimal(v.n()).intValueExact();
    }

    private static List<String> strings(AttributeValue v) {
        if (v == null) {
            return null;
        }
        if (v.hasL()) {
            // an element that is not a string (another client's doing) is skipped rather than failing the read
            return v.l().stream().map(AttributeValue::s).filter(Objects::nonNull).toList();
        }
        // a string set (SS) written by another client reads as a list too
        return v.hasSs() ? v.ss() : null;
    }
}

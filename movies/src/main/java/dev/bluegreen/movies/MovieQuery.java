package dev.bluegreen.movies;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * Filters of a movie listing, all optional and combined with AND: an exact {@code year}, an exact {@code title},
 * and free {@code text} (every word must start a word of the title, an actor, a director or a genre,
 * case- and accent-insensitively).
 */
public record MovieQuery(Integer year, String title, String text) {

    public static final int MIN_YEAR = 1000;
    public static final int MAX_YEAR = 9999;
    /** DynamoDB's limit for a range key. */
    public static final int MAX_TITLE_BYTES = 1024;
    public static final int MAX_TEXT_LENGTH = 200;

    public static final MovieQuery ALL = new MovieQuery(null, null, null);

    public MovieQuery {
        if (year != null) {
            checkYear(year);
        }
        if (title != null) {
            checkTitle(title);
        }
        if (text != null) {
            if (text.length() > MAX_TEXT_LENGTH) {
                throw new InvalidQueryException("q", "q must be at most " + MAX_TEXT_LENGTH + " characters");
            }
            if (SearchText.words(text).isEmpty()) {
                throw new InvalidQueryException("q", "q must contain at least one letter or digit");
            }
        }
    }

    public static MovieQuery ofYear(int year) {
        return new MovieQuery(year, null, null);
    }

    public static MovieQuery ofTitle(String title) {
        return new MovieQuery(null, title, null);
    }

    public static MovieQuery ofText(String text) {
        return new MovieQuery(null, null, text);
    }

    public static void checkYear(int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new InvalidQueryException("year", "year must be a whole number between " + MIN_YEAR + " and "
                    + MAX_YEAR + ", got " + year);
        }
    }

    public static void checkTitle(String title) {
        if (title.isBlank()) {
            throw new InvalidQueryException("title", "title must not be empty");
        }
        if (title.getBytes(StandardCharsets.UTF_8).length > MAX_TITLE_BYTES) {
            throw new InvalidQueryException("title", "title must be at most " + MAX_TITLE_BYTES + " bytes");
        }
    }

    /** The words of {@link #text()}, normalised for matching; empty when there is no text filter. */
    public List<String> words() {
        return text == null ? List.of() : SearchText.words(text);
    }

    public boolean matches(Movie movie) {
        return (year == null || year == movie.year())
                && (title == null || title.equals(movie.title()))
                && (text == null || SearchText.matches(movie, words()));
    }

    /**
     * The total order of results, which every store follows so that pages can continue after a key: by year when
     * the title is fixed, by title when the year is fixed or when searching, by (year, title) when browsing.
     */
    public Order order() {
        if (title != null) {
            return Order.YEAR_TITLE;
        }
        if (year != null || text != null) {
            return Order.TITLE_YEAR;
        }
        return Order.YEAR_TITLE;
    }

    public enum Order {
        YEAR_TITLE(Comparator.comparingInt(MovieKey::year).thenComparing(MovieKey::title, Order::compareTitles)),
        TITLE_YEAR(Comparator.comparing(MovieKey::title, Order::compareTitles).thenComparingInt(MovieKey::year));

        private final Comparator<MovieKey> keys;

        Order(Comparator<MovieKey> keys) {
            this.keys = keys;
        }

        public Comparator<MovieKey> keys() {
            return keys;
        }

        public Comparator<Movie> movies() {
            return Comparator.comparing(Movie::key, keys);
        }

        /** Titles compare as DynamoDB and SQLite compare them: by their UTF-8 bytes, unsigned. */
        public static int compareTitles(String a, String b) {
            return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                    b.getBytes(StandardCharsets.UTF_8));
        }
    }
}

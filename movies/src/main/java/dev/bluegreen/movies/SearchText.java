package dev.bluegreen.movies;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one definition of free-text matching, shared by every store: text is split into words of letters and
 * digits, lower-cased and stripped of accents; a query matches when each of its words starts some word of the
 * movie's title, actors, directors or genres. (SQLite's FTS5 "unicode61 remove_diacritics 2" tokenizer splits the
 * same way, so both stores answer alike.)
 */
public final class SearchText {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private SearchText() {
    }

    public static List<String> words(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        List<String> words = new ArrayList<>();
        for (String word : NON_WORD.split(plain.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** Every searchable word of a movie: title, actors, directors, genres. */
    public static List<String> wordsOf(Movie movie) {
        StringBuilder all = new StringBuilder(movie.title());
        MovieInfo info = movie.info();
        appendAll(all, info.actors());
        appendAll(all, info.directors());
        appendAll(all, info.genres());
        return words(all.toString());
    }

    public static boolean matches(Movie movie, List<String> queryWords) {
        List<String> movieWords = wordsOf(movie);
        return queryWords.stream().allMatch(q -> movieWords.stream().anyMatch(w -> w.startsWith(q)));
    }

    private static void appendAll(StringBuilder all, List<String> values) {
        if (values != null) {
            values.forEach(v -> all.append(' ').append(v));
        }
    }
}

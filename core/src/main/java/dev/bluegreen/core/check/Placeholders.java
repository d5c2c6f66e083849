package dev.bluegreen.core.check;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code ${NAME}} in a check's values, filled in with the build's values when the check runs. */
final class Placeholders {

    private static final Pattern PATTERN = Pattern.compile("\\$\\{([^}]*)}");

    private Placeholders() {
    }

    /** The names the text holds as placeholders, in order; none for null. */
    static Stream<String> names(String text) {
        return text == null ? Stream.empty() : PATTERN.matcher(text).results().map(match -> match.group(1));
    }

    /** The text with every placeholder replaced by a plain stand-in: the shape it has once filled in. */
    static String standIns(String text) {
        return PATTERN.matcher(text).replaceAll("x");
    }

    /** Every placeholder with a value replaced by it; the others are kept as they are. */
    static String fill(String text, Map<String, String> values) {
        if (text == null) {
            return null;
        }
        return PATTERN.matcher(text).replaceAll((MatchResult match) -> Matcher.quoteReplacement(
                values.getOrDefault(match.group(1), match.group())));
    }
}

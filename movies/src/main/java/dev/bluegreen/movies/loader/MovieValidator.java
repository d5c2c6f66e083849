package dev.bluegreen.movies.loader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bluegreen.movies.Movie;
import dev.bluegreen.movies.MovieInfo;
import dev.bluegreen.movies.MovieJson;
import dev.bluegreen.movies.MovieQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks one item of moviedata.json against the sample's format and says, field by field, what is wrong. Every
 * info field may be missing (or null); present fields must have the sample's types.
 */
final class MovieValidator {

    private static final Set<String> TOP_FIELDS = Set.of("year", "title", "info");
    private static final List<String> INFO_FIELDS = List.of("directors", "release_date", "rating", "genres",
            "image_url", "plot", "rank", "running_time_secs", "actors");

    /** Either a movie or the reasons it is not one. */
    record Result(Movie movie, Integer year, String title, List<String> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    private MovieValidator() {
    }

    static Result validate(JsonNode item) {
        List<String> problems = new ArrayList<>();
        if (!item.isObject()) {
            problems.add("expected an object with year, title and info, found " + kind(item));
            return new Result(null, null, null, problems);
        }
        unexpectedFields(item, TOP_FIELDS, "", problems);
        Integer year = year(item.get("year"), problems);
        String title = title(item.get("title"), problems);
        JsonNode info = item.get("info");
        if (info != null && !info.isNull()) {
            if (info.isObject()) {
                checkInfo(info, problems);
            } else {
                problems.add("info: expected an object, found " + kind(info));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(null, year, title, problems);
        }
        return new Result(new Movie(year, title, toInfo(info)), year, title, problems);
    }

    private static Integer year(JsonNode year, List<String> problems) {
        if (year == null || year.isNull()) {
            problems.add("year: missing (expected a whole number such as 2013)");
            return null;
        }
        if (!year.isIntegralNumber() || !year.canConvertToInt()) {
            problems.add("year: expected a whole number such as 2013, found " + kind(year));
            return null;
        }
        if (year.intValue() < MovieQuery.MIN_YEAR || year.intValue() > MovieQuery.MAX_YEAR) {
            problems.add("year: expected a year between " + MovieQuery.MIN_YEAR + " and " + MovieQuery.MAX_YEAR
                    + ", found " + year.intValue());
            return null;
        }
        return year.intValue();
    }

    private static String title(JsonNode title, List<String> problems) {
        if (title == null || title.isNull()) {
            problems.add("title: missing (expected a non-empty string)");
            return null;
        }
        if (!title.isTextual()) {
            problems.add("title: expected a string, found " + kind(title));
            return null;
        }
        if (title.textValue().isBlank()) {
            problems.add("title: must not be empty");
            return null;
        }
        if (title.textValue().getBytes(StandardCharsets.UTF_8).length > MovieQuery.MAX_TITLE_BYTES) {
            problems.add("title: longer than " + MovieQuery.MAX_TITLE_BYTES + " bytes");
        }
        return title.textValue();
    }

    private static void checkInfo(JsonNode info, List<String> problems) {
        unexpectedFields(info, Set.copyOf(INFO_FIELDS), "info.", problems);
        stringList(info, "directors", problems);
        stringList(info, "genres", problems);
        stringList(info, "actors", problems);
        JsonNode released = present(info, "release_date");
        if (released != null) {
            if (!released.isTextual()) {
                problems.add("info.release_date: expected a date such as \"2013-09-02T00:00:00Z\", found "
                        + kind(released));
            } else {
                try {
                    Instant.parse(released.textValue());
                } catch (DateTimeParseException e) {
                    problems.add("info.release_date: expected a date such as \"2013-09-02T00:00:00Z\", found \""
                            + released.textValue() + "\"");
                }
            }
        }
        JsonNode rating = present(info, "rating");
        if (rating != null && (!rating.isNumber() || rating.doubleValue() < 0 || rating.doubleValue() > 10)) {
            problems.add("info.rating: expected a number from 0 to 10 such as 8.3, found " + kind(rating));
        }
        JsonNode image = present(info, "image_url");
        if (image != null && (!image.isTextual() || !(image.textValue().startsWith("http://")
                || image.textValue().startsWith("https://")))) {
            problems.add("info.image_url: expected an http(s) URL, found " + kind(image));
        }
        JsonNode plot = present(info, "plot");
        if (plot != null && !plot.isTextual()) {
            problems.add("info.plot: expected a string, found " + kind(plot));
        }
        wholeNumber(info, "rank", problems);
        wholeNumber(info, "running_time_secs", problems);
    }

    private static void stringList(JsonNode info, String field, List<String> problems) {
        JsonNode list = present(info, field);
        if (list == null) {
            return;
        }
        if (!list.isArray()) {
            problems.add("info." + field + ": expected a list of strings, found " + kind(list));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual() || list.get(i).textValue().isBlank()) {
                problems.add("info." + field + "[" + i + "]: expected a non-empty string, found " + kind(list.get(i)));
            }
        }
    }

    private static void wholeNumber(JsonNode info, String field, List<String> problems) {
        JsonNode n = present(info, field);
        if (n != null && (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0)) {
            problems.add("info." + field + ": expected a whole number of 0 or more, found " + kind(n));
        }
    }

    private static JsonNode present(JsonNode info, String field) {
        JsonNode value = info.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static void unexpectedFields(JsonNode node, Set<String> expected, String prefix, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name)) {
                problems.add(prefix + name + ": unexpected field (expected only "
                        + String.join(", ", prefix.isEmpty() ? List.of("year", "title", "info") : INFO_FIELDS) + ")");
            }
        }
    }

    private static MovieInfo toInfo(JsonNode info) {
        if (info == null || info.isNull()) {
            return MovieInfo.EMPTY;
        }
        try {
            return MovieJson.MAPPER.treeToValue(info, MovieInfo.class);
        } catch (JsonProcessingException e) {
            // validation above accepted it, so this is a bug, not bad input
            throw new IllegalStateException("validated info did not map: " + e.getOriginalMessage(), e);
        }
    }

    private static String kind(JsonNode node) {
        String text = node.toString();
        String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return switch (node.getNodeType()) {
            case STRING -> "the string " + shown;
            case NUMBER -> "the number " + shown;
            case BOOLEAN -> shown;
            case ARRAY -> "a list " + shown;
            case OBJECT -> "an object " + shown;
            case NULL -> "null";
            default -> shown;
        };
    }
}

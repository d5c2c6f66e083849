package dev.bluegreen.web.pages;

import dev.bluegreen.web.api.ApiMovie;
import dev.bluegreen.web.api.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One movie as a page shows it: every value already formatted for people, and null (so the template leaves it out)
 * when the API did not give it.
 */
record MovieView(String title, int year, String detailUrl, String titleUrl, String yearUrl, String rating, String genres, String directors,
                 String actors, String runningTime, String releaseDate, String releaseDateIso, String plot,
                 String posterUrl) {

    static MovieView of(ApiMovie movie, DateTimeFormatter dates) {
        ApiMovie.Info info = movie.info();
        LocalDate released = date(info.releaseDate());
        return new MovieView(
                movie.title(),
                movie.year(),
                "/movie?year=" + movie.year() + "&title=" + Urls.queryValue(movie.title()),
                "/title?title=" + Urls.queryValue(movie.title()),
                "/year?year=" + movie.year(),
                // toPlainString keeps the API's form: 7 stays 7, 8.0 stays 8.0
                info.rating() == null ? null : info.rating().toPlainString(),
                join(info.genres()),
                join(info.directors()),
                join(info.actors()),
                runningTime(info.runningTimeSecs()),
                released != null ? dates.format(released) : blankToNull(info.releaseDate()),
                released != null ? released.toString() : null,
                blankToNull(info.plot()),
                poster(info.imageUrl()));
    }

    /** "2 h 22 min", "58 min", "2 h"; null when unknown. */
    static String runningTime(Integer seconds) {
        if (seconds == null || seconds <= 0) {
            return null;
        }
        long minutes = Math.max(1, Math.round(seconds / 60.0));
        long hours = minutes / 60;
        long rest = minutes % 60;
        if (hours == 0) {
            return rest + " min";
        }
        return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
    }

    /** The sample's dates are instants at midnight UTC ("1994-09-10T00:00:00Z"); the date is what they mean. */
    static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toLocalDate();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).toLocalDate();
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(text);
                } catch (DateTimeParseException notDate) {
                    return null;
                }
            }
        }
    }

    /** Only absolute http(s) URLs become an image: anything else (javascript:, data:, relative) is a placeholder. */
    static String poster(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            boolean web = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
            return web && uri.getHost() != null ? uri.toString() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String join(List<String> values) {
        if (values == null) {
            return null;
        }
        List<String> present = values.stream().filter(v -> v != null && !v.isBlank()).toList();
        return present.isEmpty() ? null : String.join(", ", present);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

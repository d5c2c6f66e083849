package dev.bluegreen.core.release;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short durations as people write them in a spec: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {
    }

    static Duration parse(String text) {
        Matcher m = SHORT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("interval '" + text + "' is not a number with ms, s, m or h "
                    + "(e.g. 30s, 5m)");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The largest whole unit: 300s is "5m", 1500ms stays "1500ms". */
    static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}

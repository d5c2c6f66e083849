package dev.bluegreen.movies.loader;

import java.util.List;

/**
 * An item that failed validation. {@code index} is its position in the JSON array (from 0, as in
 * {@code jq '.[12]'}); {@code line} where it starts; year and title when they could be read.
 */
public record Rejection(long index, long line, Integer year, String title, List<String> problems) {

    public String describe() {
        StringBuilder s = new StringBuilder("item [").append(index).append("] at line ").append(line);
        if (year != null || title != null) {
            s.append(" (");
            if (year != null) {
                s.append("year ").append(year);
            }
            if (title != null) {
                s.append(year != null ? ", " : "").append("title \"").append(title).append('"');
            }
            s.append(')');
        }
        return s.append(": ").append(String.join("; ", problems)).toString();
    }
}

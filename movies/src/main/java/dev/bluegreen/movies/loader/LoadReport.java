package dev.bluegreen.movies.loader;

import dev.bluegreen.movies.UpsertResult;
import java.time.Duration;
import java.util.List;

/** What a load did: counts by outcome, the items skipped as invalid, and how long it took. */
public record LoadReport(String source, String store, long items, UpsertResult written, List<Rejection> rejections,
                         long rejectedCount, Duration elapsed) {

    public String summary() {
        long valid = items - rejectedCount;
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        String rate = String.format("%,.0f movies/s", valid / seconds);
        String skipped = rejectedCount == 0 ? "" : String.format(" Skipped %,d invalid items.", rejectedCount);
        if (written.changedNothing()) {
            return String.format("Nothing changed: all %,d movies of %s are already in %s as given (checked in %.2f s)."
                    + "%s", valid, source, store, seconds, skipped);
        }
        return String.format("Loaded %,d movies from %s into %s in %.2f s (%s): %,d new, %,d updated, %,d unchanged."
                + "%s", valid, source, store, seconds, rate, written.inserted(), written.updated(),
                written.unchanged(), skipped);
    }
}

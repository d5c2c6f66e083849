package dev.bluegreen.movies.loader;

import java.util.List;

/** Some items failed validation and {@code --skip-invalid} was not given: nothing was written. */
public class InvalidMoviesException extends RuntimeException {
    private final List<Rejection> rejections;
    private final long rejectedCount;
    private final long itemCount;

    public InvalidMoviesException(String source, List<Rejection> rejections, long rejectedCount, long itemCount) {
        super(source + ": " + rejectedCount + " of " + itemCount + " items are invalid; nothing was written");
        this.rejections = List.copyOf(rejections);
        this.rejectedCount = rejectedCount;
        this.itemCount = itemCount;
    }

    /** The first rejections (a bounded number, so that a huge bad file cannot exhaust memory). */
    public List<Rejection> rejections() {
        return rejections;
    }

    public long rejectedCount() {
        return rejectedCount;
    }

    public long itemCount() {
        return itemCount;
    }
}

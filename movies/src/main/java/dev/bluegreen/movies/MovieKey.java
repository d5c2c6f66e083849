package dev.bluegreen.movies;

import java.util.Objects;

/** The primary key of a movie, as in the DynamoDB table: HASH {@code year}, RANGE {@code title}. */
public record MovieKey(int year, String title) {
    public MovieKey {
        Objects.requireNonNull(title, "title");
    }
}

package dev.bluegreen.movies;

import java.util.Objects;

/**
 * One movie in the shape of the AWS DynamoDB sample: {@code (year, title)} is the key, everything else is in
 * {@link MovieInfo}, whose fields may each be missing.
 */
public record Movie(int year, String title, MovieInfo info) {

    public Movie {
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        info = info == null ? MovieInfo.EMPTY : info;
    }

    public MovieKey key() {
        return new MovieKey(year, title);
    }
}

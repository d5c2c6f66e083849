package dev.bluegreen.movies.loader;

/** The file cannot be read as a JSON array of movies (missing, not JSON, not an array). */
public class MovieFileException extends RuntimeException {
    public MovieFileException(String message) {
        super(message);
    }
}

package dev.bluegreen.movies;

/** The database could not be reached or answered with an error that is not the caller's fault. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

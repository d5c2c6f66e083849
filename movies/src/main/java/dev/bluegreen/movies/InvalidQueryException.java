package dev.bluegreen.movies;

/** A query parameter that is missing, malformed or out of range; the message says what was expected. */
public class InvalidQueryException extends RuntimeException {
    private final String parameter;

    public InvalidQueryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}

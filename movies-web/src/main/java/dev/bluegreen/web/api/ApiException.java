package dev.bluegreen.web.api;

/**
 * The movie API did not give a usable answer. {@link #kind()} says what to tell the visitor; {@link #getMessage()}
 * is for them when the API explains a refusal (400, 404), and for the log otherwise (it may name internal hosts).
 */
public class ApiException extends RuntimeException {

    public enum Kind {
        /** No instance could be reached, or none answered in time. */
        UNREACHABLE,
        /** An instance answered something unusable: a 5xx other than 503, not JSON, not the expected shape. */
        BAD_ANSWER,
        /** An instance said it is unavailable (503), e.g. its database is down. */
        UNAVAILABLE,
        /** The API refused the query (400): its message says what is wrong with the visitor's input. */
        REJECTED,
        /** The API has no such movie (404). */
        NOT_FOUND
    }

    private final Kind kind;

    public ApiException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ApiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

package dev.bluegreen.service;

/**
 * A request that cannot be served, with the status, a stable machine-readable code and a message for a person.
 * Thrown by handlers; rendered in one place by {@link ServiceHost}.
 */
public class HttpProblem extends RuntimeException {

    private final int status;
    private final String error;

    public HttpProblem(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(400, "bad_request", message);
    }

    public static HttpProblem notFound(String message) {
        return new HttpProblem(404, "not_found", message);
    }

    public static HttpProblem unavailable(String message) {
        return new HttpProblem(503, "unavailable", message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}

package dev.bluegreen.platform.state;

/** The platform's state file cannot be read or written. */
public class StateException extends RuntimeException {
    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.bluegreen.platform.runtime;

/** The platform cannot start or be reached, for a reason the user can act on (the message says which). */
public final class PlatformException extends RuntimeException {

    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}

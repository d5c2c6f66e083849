package dev.bluegreen.cli;

/** A mistake the user can fix; printed as its message alone, with exit code 1. */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}

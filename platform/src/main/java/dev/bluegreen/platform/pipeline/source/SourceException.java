package dev.bluegreen.platform.pipeline.source;

/**
 * The app repository cannot be used as asked, for a reason the user can act on: not a git repository, no
 * commits yet, an unknown branch or commit, a target directory that is not empty. The message says which.
 */
public final class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}

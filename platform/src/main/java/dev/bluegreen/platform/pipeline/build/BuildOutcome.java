package dev.bluegreen.platform.pipeline.build;

/** How a build ended. Only {@link #SUCCEEDED} publishes an artifact directory. */
public enum BuildOutcome {
    /** Every command exited 0 and the artifacts were published. */
    SUCCEEDED,
    /** A command exited non-zero, or the build could not publish artifacts (the message says which). */
    FAILED,
    /** The commands ran past the build's timeout and were stopped. */
    TIMED_OUT,
    /** {@link RunningBuild#cancel()} stopped it, e.g. because a newer commit superseded it. */
    CANCELLED
}

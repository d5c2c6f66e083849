package dev.bluegreen.core.pipeline;

/** Where one stage of an execution is. */
public enum StageStatus {
    /** Not reached yet. */
    PENDING,
    /** Working, or (the review) waiting for a person. */
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Stopped because a newer commit replaced the execution. */
    CANCELLED,
    /** Never run: an earlier stage ended the execution. */
    SKIPPED
}

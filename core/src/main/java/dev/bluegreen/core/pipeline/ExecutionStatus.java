package dev.bluegreen.core.pipeline;

/** Where a whole execution is. Every status but RUNNING and AWAITING_APPROVAL is final. */
public enum ExecutionStatus {
    RUNNING,
    AWAITING_APPROVAL,
    SUCCEEDED,
    /** A stage failed: the build, the deploy or the flip. */
    FAILED,
    /** The review said no (a person, or its timeout). */
    REJECTED,
    /** A newer commit replaced it before it reached production. */
    SUPERSEDED,
    /** Production breached the bake limits, or the new side a shift step's analysis: rolled back automatically. */
    ROLLED_BACK,
    /** The platform stopped while a stage that cannot resume was running. */
    INTERRUPTED;

    public boolean isFinal() {
        return this != RUNNING && this != AWAITING_APPROVAL;
    }
}

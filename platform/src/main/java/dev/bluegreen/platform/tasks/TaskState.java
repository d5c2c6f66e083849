package dev.bluegreen.platform.tasks;

/** A task's life: STARTING until its health check answers 200, then RUNNING, until we stop it or it exits. */
public enum TaskState {
    STARTING,
    RUNNING,
    /** We asked it to stop: deregistration, SIGTERM, maybe SIGKILL. */
    STOPPING,
    /** Stopped by us. */
    STOPPED,
    /** Ended on its own (or could not be launched), not asked to. */
    EXITED;

    boolean isLive() {
        return this == STARTING || this == RUNNING;
    }
}

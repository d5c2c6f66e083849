package dev.bluegreen.platform.tasks;

/** What {@link Supervisor#cleanUpOrphans()} did about one pid file left by a previous platform. */
public record Orphan(String taskId, long pid, Outcome outcome) {

    public enum Outcome {
        /** Still running with the recorded start time: stopped (SIGTERM, then SIGKILL). */
        KILLED,
        /** Already gone. */
        ALREADY_GONE,
        /** The pid now belongs to another process (or its start time is unknown): left alone. */
        PID_REUSED,
        /** The file could not be read: removed. */
        UNREADABLE
    }
}

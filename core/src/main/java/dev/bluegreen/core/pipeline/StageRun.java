package dev.bluegreen.core.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One stage of one execution: its status, when it started and ended, and a sentence about how it went. */
public record StageRun(Stage stage, StageStatus status, Instant startedAt, Instant endedAt, String message) {

    public StageRun {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    static StageRun pending(Stage stage) {
        return new StageRun(stage, StageStatus.PENDING, null, null, "");
    }

    /**
     * The run of a stage that a stored execution lacks because it was recorded before the stage existed: pending
     * while every later stage is, else skipped (the execution went past it, or ended, without it).
     *
     * @param laterMoved whether any later stage of the execution is other than pending
     */
    public static StageRun missing(Stage stage, boolean laterMoved) {
        return laterMoved ? new StageRun(stage, StageStatus.SKIPPED, null, null, "not a stage when this ran")
                : pending(stage);
    }

    StageRun start(Instant now, String why) {
        return new StageRun(stage, StageStatus.RUNNING, now, null, why);
    }

    StageRun end(StageStatus outcome, Instant now, String why) {
        return new StageRun(stage, outcome, startedAt == null ? now : startedAt, now, why);
    }

    public Optional<Duration> duration() {
        return startedAt == null || endedAt == null ? Optional.empty()
                : Optional.of(Duration.between(startedAt, endedAt));
    }
}

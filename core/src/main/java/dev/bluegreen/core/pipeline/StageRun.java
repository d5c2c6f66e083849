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

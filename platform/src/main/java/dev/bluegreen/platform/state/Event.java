package dev.bluegreen.platform.state;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the platform's audit log: when, who (a user, the CLI, the pipeline, the supervisor), what kind
 * (flip, rollback, scale, task-restarted...) and a sentence for a person.
 */
public record Event(long id, Instant time, String actor, String type, String message) {

    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    /** An event not yet stored (the store gives it its id). */
    public static Event of(Instant time, String actor, String type, String message) {
        return new Event(0, time, actor, type, message);
    }
}

package dev.bluegreen.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit log: when, who (a user, the CLI, the pipeline, the supervisor), what kind and a sentence
 * for a person. The dashboard, {@code status} and the tests read the same events.
 */
public record Event(long id, Instant time, String actor, EventType type, String message) {

    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }

    /** An event not yet stored (the store gives it its id), its message made from the type's template. */
    public static Event of(Instant time, String actor, EventType type, Object... args) {
        return new Event(0, time, actor, type, type.message(args));
    }

    public Event withId(long newId) {
        return new Event(newId, time, actor, type, message);
    }
}

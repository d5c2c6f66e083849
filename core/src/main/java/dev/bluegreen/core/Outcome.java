package dev.bluegreen.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a request came to, in every runtime and at every layer: done, or not (refused, or failed), with a sentence
 * for a person and, for machines, a few named details (the sides a flip left live, the execution a request
 * concerns...). The control API answers it as JSON; the CLI prints its message.
 */
public record Outcome(boolean done, String message, Map<String, Object> details) {

    public Outcome {
        Objects.requireNonNull(message, "message");
        // ordered, and a detail may be null (a listener that forwards nowhere): neither Map.copyOf allows
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Outcome done(String message) {
        return new Outcome(true, message, Map.of());
    }

    /** Not done because it is not allowed now (the message says why, and what would allow it). */
    public static Outcome refused(String message) {
        return new Outcome(false, message, Map.of());
    }

    /** Not done because something went wrong on the way (the message says what). */
    public static Outcome failed(String message) {
        return new Outcome(false, message, Map.of());
    }

    /** The same outcome with one more detail. */
    public Outcome with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(Objects.requireNonNull(key, "key"), value);
        return new Outcome(done, message, more);
    }

    /** The same outcome with another sentence. */
    public Outcome withMessage(String newMessage) {
        return new Outcome(done, newMessage, details);
    }
}

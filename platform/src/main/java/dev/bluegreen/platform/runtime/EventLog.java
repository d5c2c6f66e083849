package dev.bluegreen.platform.runtime;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.platform.state.PlatformStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit log: every event is stored (it survives a restart) and printed to the platform's own log. */
final class EventLog {

    private static final Logger LOG = LoggerFactory.getLogger("bluegreen.events");

    private final PlatformStore store;
    private final Clock clock;

    EventLog(PlatformStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Stores and prints an event of this type, its sentence made of {@code args}. */
    void record(String actor, EventType type, Object... args) {
        Event event = Event.of(clock.instant(), actor, type, args);
        store.append(event);
        print(event);
    }

    /** Prints an event stored by whoever stored it with its change. */
    void print(Event event) {
        LOG.info("{} ({}): {}", event.type().code(), event.actor(), event.message());
    }

    Event event(String actor, EventType type, Object... args) {
        return Event.of(clock.instant(), actor, type, args);
    }
}

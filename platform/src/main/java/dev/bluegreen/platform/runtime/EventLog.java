package dev.bluegreen.platform.runtime;

import dev.bluegreen.platform.state.Event;
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

    void record(String actor, String type, String message) {
        store.append(Event.of(clock.instant(), actor, type, message));
        LOG.info("{} ({}): {}", type, actor, message);
    }
}

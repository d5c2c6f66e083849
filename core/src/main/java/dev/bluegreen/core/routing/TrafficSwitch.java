package dev.bluegreen.core.routing;

import dev.bluegreen.core.event.Event;
import java.util.Optional;

/**
 * A load balancer as a flip needs it — the local one or an ALB: what it routes now, which groups could take
 * traffic, what it remembers of the last flip, and a way to carry out a plan. The {@link Flipper} decides; an
 * implementation only reads and writes.
 */
public interface TrafficSwitch {

    /** What is live now, read afresh: anyone (a person, a crashed flip) may have changed it since last time. */
    Routing routing();

    boolean hasHealthyTarget(String group);

    /** The last flip carried out, as remembered beside the routing. */
    Optional<LastFlip> lastFlip();

    /**
     * Carries out {@code plan} durably first: {@code remember} (and {@code event}, where the runtime keeps events)
     * are written before any traffic moves, so that a crash at any point leaves a state the next flip finishes and a
     * rollback can undo. Then {@code plan.changes()} are applied in order (or the whole target at once, where the
     * load balancer can). May throw part way; calling it again with the remaining steps finishes it.
     * {@code remember} is null for a step of a traffic shift ({@link Decision.Proceed#onlyShifts}): it is no flip, and
     * what is remembered of the last one stays as it is. The routing's splits ({@link Routing#splits}) are kept as
     * durably as its listeners: a restart comes back at the last weights applied, never at others.
     */
    void apply(Decision.Proceed plan, LastFlip remember, Event event);

    /** Records an event that changed nothing (a refusal), where the runtime keeps its events. */
    void record(Event event);

    /** The build being deployed to the test side now, if any: promoting a half-replaced side is refused. */
    default Optional<String> deploying() {
        return Optional.empty();
    }
}

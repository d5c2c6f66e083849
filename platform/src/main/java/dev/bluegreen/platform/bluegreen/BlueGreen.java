package dev.bluegreen.platform.bluegreen;

import dev.bluegreen.core.routing.BlueGreenPair;
import dev.bluegreen.core.routing.Decision;
import dev.bluegreen.core.routing.FlipPlanner;
import dev.bluegreen.core.routing.LastFlip;
import dev.bluegreen.core.routing.RollbackPlanner;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.platform.state.Event;
import dev.bluegreen.platform.state.PlatformStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Optional;

/**
 * Flips and rollbacks on this machine: the core decides, this carries it out as one durable state write followed
 * by one atomic in-memory swap of the load balancer's routing, and records an event either way. One at a time.
 */
public final class BlueGreen {

    /** What a flip or a rollback came to: done (with the side now live), or refused (with the reason). */
    public record Outcome(boolean done, String live, String message) {
    }

    private final PlatformStore store;
    private final TrafficSwitch traffic;
    private final BlueGreenPair pair;
    private final Clock clock;
    private final MeterRegistry metrics;

    public BlueGreen(PlatformStore store, TrafficSwitch traffic, BlueGreenPair pair, Clock clock) {
        this(store, traffic, pair, clock, new SimpleMeterRegistry());
    }

    /** @param metrics where flips and rollbacks are counted ({@code bluegreen.routing.changes}, by kind and outcome) */
    public BlueGreen(PlatformStore store, TrafficSwitch traffic, BlueGreenPair pair, Clock clock,
                     MeterRegistry metrics) {
        this.store = store;
        this.traffic = traffic;
        this.pair = pair;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Puts the load balancer where the stored routing says (at start-up, after a restart). */
    public synchronized void restore() {
        traffic.route(store.routing().listeners());
    }

    public synchronized Outcome flip(String actor) {
        Routing before = store.routing();
        return carryOut("flip", actor, before, FlipPlanner.flip(before, pair, traffic::hasHealthyTarget));
    }

    public synchronized Outcome rollback(String actor) {
        Routing before = store.routing();
        return carryOut("rollback", actor, before, RollbackPlanner.rollback(before, pair,
                store.lastFlip().orElse(null), traffic::hasHealthyTarget));
    }

    /** Whether a rollback would be allowed now, and to what; for status. */
    public synchronized Optional<String> rollbackTarget() {
        Routing current = store.routing();
        Decision decision = RollbackPlanner.rollback(current, pair, store.lastFlip().orElse(null),
                traffic::hasHealthyTarget);
        if (decision instanceof Decision.Proceed proceed) {
            return Optional.of(proceed.promoted() + " (" + current.tags(proceed.promoted()).image().orElse("?") + ")");
        }
        return Optional.empty();
    }

    private Outcome carryOut(String type, String actor, Routing before, Decision decision) {
        metrics.counter("bluegreen.routing.changes", "kind", type, "outcome",
                decision instanceof Decision.Refused ? "refused" : "done").increment();
        if (decision instanceof Decision.Refused refused) {
            store.append(Event.of(clock.instant(), actor, type + "-refused", refused.message()));
            return new Outcome(false, before.forwardsTo(pair.production()).orElse(null), refused.message());
        }
        Decision.Proceed proceed = (Decision.Proceed) decision;
        String message = String.format("%s: production now on %s (%s), test on %s (%s)", type, proceed.promoted(),
                before.tags(proceed.promoted()).image().orElse("?"), proceed.demoted(),
                before.tags(proceed.demoted()).image().orElse("?"));
        // durable first: a crash after this line restarts with the new routing, before it with the old one
        store.saveFlip(proceed.target(), LastFlip.of(before, proceed), Event.of(clock.instant(), actor, type,
                message));
        traffic.route(proceed.target().listeners());
        return new Outcome(true, proceed.promoted(), message);
    }
}

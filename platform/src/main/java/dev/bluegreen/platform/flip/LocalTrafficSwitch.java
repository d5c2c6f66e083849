package dev.bluegreen.platform.flip;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.Decision;
import dev.bluegreen.core.routing.LastFlip;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.TrafficSwitch;
import dev.bluegreen.platform.lb.Forward;
import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.platform.state.PlatformStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local load balancer as a flip needs it. The routing's truth is {@code platform.db}; the load balancer holds a
 * copy in memory. So a flip, or a step of a traffic shift, is one durable write (routing with its splits, last flip
 * and event in one transaction) followed by one atomic in-memory swap: the next request on every connection goes
 * where the new routing says, by weight while traffic shifts.
 */
public final class LocalTrafficSwitch implements TrafficSwitch {

    private static final Logger EVENTS = LoggerFactory.getLogger("bluegreen.events");

    private final PlatformStore store;
    private final LoadBalancer lb;
    private final MeterRegistry metrics;
    private final Supplier<Optional<String>> deploying;
    private final Duration stickiness;

    /**
     * @param metrics    where flips, rollbacks and shift steps are counted ({@code bluegreen.routing.changes}, by
     *                   kind and outcome)
     * @param deploying  the build being deployed to the test side now, if any
     * @param stickiness how long a client stays on the side it was sent to while traffic shifts (zero: not at all)
     */
    public LocalTrafficSwitch(PlatformStore store, LoadBalancer lb, MeterRegistry metrics,
                              Supplier<Optional<String>> deploying, Duration stickiness) {
        this.store = store;
        this.lb = lb;
        this.metrics = metrics;
        this.deploying = deploying;
        this.stickiness = stickiness;
    }

    /**
     * Puts the load balancer where the stored routing says (at start-up, after a restart): the same sides, and while
     * traffic shifts, the same weights.
     */
    public void restore() {
        lb.forward(forwards(store.routing()));
    }

    @Override
    public Routing routing() {
        return store.routing();
    }

    @Override
    public boolean hasHealthyTarget(String group) {
        return lb.hasHealthyTarget(group);
    }

    @Override
    public Optional<LastFlip> lastFlip() {
        return store.lastFlip();
    }

    @Override
    public void apply(Decision.Proceed plan, LastFlip remember, Event event) {
        // durable first: a crash after this line restarts with the new routing, before it with the old one
        store.saveFlip(plan.target(), remember, event);
        lb.forward(forwards(plan.target()));
        counted(event);
    }

    /** The routing as the load balancer's table: each listener's group, and its split if traffic shifts. */
    private Map<String, Forward> forwards(Routing routing) {
        Map<String, Forward> table = new HashMap<>();
        routing.listeners().forEach((listener, group) -> {
            Forward forward = Forward.to(group).sticky(stickiness);
            table.put(listener, routing.split(listener).map(split -> forward.split(split.group(), split.percent()))
                    .orElse(forward));
        });
        return table;
    }

    @Override
    public void record(Event event) {
        store.append(event);
        counted(event);
    }

    @Override
    public Optional<String> deploying() {
        return deploying.get();
    }

    private void counted(Event event) {
        String kind = switch (event.type()) {
            case ROLLBACK, ROLLBACK_REFUSED -> "rollback";
            case SHIFT, SHIFT_REFUSED -> "shift";
            default -> "flip";
        };
        boolean refused = event.type() == EventType.FLIP_REFUSED || event.type() == EventType.ROLLBACK_REFUSED
                || event.type() == EventType.SHIFT_REFUSED;
        Counter.builder("bluegreen.routing.changes").description("Flips, rollbacks and traffic shift steps, done or "
                        + "refused")
                .tag("kind", kind).tag("outcome", refused ? "refused" : "done")
                .register(metrics).increment();
        EVENTS.info("{} ({}): {}", event.type().code(), event.actor(), event.message());
    }
}

package dev.bluegreen.platform.flip;

import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.event.EventType;
import dev.bluegreen.core.routing.Decision;
import dev.bluegreen.core.routing.LastFlip;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.TrafficSwitch;
import dev.bluegreen.platform.lb.LoadBalancer;
import dev.bluegreen.platform.state.PlatformStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local load balancer as a flip needs it. The routing's truth is {@code platform.db}; the load balancer holds a
 * copy in memory. So a flip is one durable write (routing, last flip and event in one transaction) followed by one
 * atomic in-memory swap: the next request on every connection goes to the new side.
 */
public final class LocalTrafficSwitch implements TrafficSwitch {

    private static final Logger EVENTS = LoggerFactory.getLogger("bluegreen.events");

    private final PlatformStore store;
    private final LoadBalancer lb;
    private final MeterRegistry metrics;
    private final Supplier<Optional<String>> deploying;

    /**
     * @param metrics   where flips and rollbacks are counted ({@code bluegreen.routing.changes}, by kind and outcome)
     * @param deploying the build being deployed to the test side now, if any
     */
    public LocalTrafficSwitch(PlatformStore store, LoadBalancer lb, MeterRegistry metrics,
                              Supplier<Optional<String>> deploying) {
        this.store = store;
        this.lb = lb;
        this.metrics = metrics;
        this.deploying = deploying;
    }

    /** Puts the load balancer where the stored routing says (at start-up, after a restart). */
    public void restore() {
        lb.route(store.routing().listeners());
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
        lb.route(plan.target().listeners());
        counted(event);
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
        boolean rollback = event.type() == EventType.ROLLBACK || event.type() == EventType.ROLLBACK_REFUSED;
        boolean refused = event.type() == EventType.FLIP_REFUSED || event.type() == EventType.ROLLBACK_REFUSED;
        Counter.builder("bluegreen.routing.changes").description("Flips and rollbacks, done or refused")
                .tag("kind", rollback ? "rollback" : "flip").tag("outcome", refused ? "refused" : "done")
                .register(metrics).increment();
        EVENTS.info("{} ({}): {}", event.type().code(), event.actor(), event.message());
    }
}

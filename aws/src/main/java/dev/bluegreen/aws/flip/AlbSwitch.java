package dev.bluegreen.aws.flip;

import dev.bluegreen.aws.elb.Alb;
import dev.bluegreen.core.event.Event;
import dev.bluegreen.core.routing.Capacity;
import dev.bluegreen.core.routing.Change;
import dev.bluegreen.core.routing.Decision;
import dev.bluegreen.core.routing.Flipper;
import dev.bluegreen.core.routing.LastFlip;
import dev.bluegreen.core.routing.Routing;
import dev.bluegreen.core.routing.TrafficSwitch;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * An Application Load Balancer as a flip needs it. An ALB changes one call at a time, so a plan is carried out step
 * by step on the listeners' default actions (a weighted forward while traffic shifts) and the groups' tags, after the
 * flip is remembered as tags on the load balancer itself; the core's {@link Flipper} finishes what a failed call left
 * and reads the result back.
 */
public final class AlbSwitch implements TrafficSwitch {

    private final Alb alb;
    /** How long a client stays on the side it first reached while traffic shifts; zero: not sticky. */
    private final Duration stickiness;
    /** The last read: the ARNs that changes act on, and the groups whose health was asked. */
    private Alb.Snapshot snapshot;

    public AlbSwitch(Alb alb) {
        this(alb, Duration.ZERO);
    }

    /** @param stickiness how long a weighted forward keeps a client on one side (zero: not sticky) */
    public AlbSwitch(Alb alb, Duration stickiness) {
        this.alb = alb;
        this.stickiness = stickiness;
    }

    /** Flips and rollbacks of this load balancer, decided and carried out by the core; sides as they are. */
    public static Flipper flipper(Alb alb) {
        return flipper(alb, Capacity.AS_IS);
    }

    /** The same, promoting sides at full size through {@code capacity} (their ECS services). */
    public static Flipper flipper(Alb alb, Capacity capacity) {
        return flipper(alb, capacity, Duration.ZERO);
    }

    /** The same, shifting traffic with a weighted forward that keeps a client on one side for {@code stickiness}. */
    public static Flipper flipper(Alb alb, Capacity capacity, Duration stickiness) {
        return new Flipper(new AlbSwitch(alb, stickiness), Alb.PAIR, Clock.systemUTC(), capacity);
    }

    @Override
    public Routing routing() {
        snapshot = alb.snapshot();
        return snapshot.routing();
    }

    @Override
    public boolean hasHealthyTarget(String group) {
        return alb.hasHealthyTarget(snapshot(), group);
    }

    @Override
    public Optional<LastFlip> lastFlip() {
        return FlipMemory.read(alb.tags());
    }

    @Override
    public void apply(Decision.Proceed plan, LastFlip remember, Event event) {
        // remembered first: a flip interrupted after this point is finished by the next one, and can be undone
        if (remember != null) { // null: a step of a traffic shift, not a flip
            alb.tag(FlipMemory.tags(remember));
        }
        Alb.Snapshot acting = snapshot();
        Routing after = acting.routing();
        for (Change change : plan.changes()) {
            after = change.applyTo(after); // a listener is written whole, as the steps so far leave it
            alb.apply(acting, change, after, stickiness);
        }
    }

    /** Nothing to keep: AWS has no event log of ours (CloudTrail records the calls, the Lambda its JSON lines). */
    @Override
    public void record(Event event) {
    }

    private Alb.Snapshot snapshot() {
        if (snapshot == null) {
            routing();
        }
        return snapshot;
    }
}
